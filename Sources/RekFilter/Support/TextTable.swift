/// Tables and numbers for people (`eval`'s and `model describe`'s text output).
public enum TextTable {
    /// Rows in columns two spaces apart: the first column left-aligned, the others right-aligned.
    public static func render(_ rows: [[String]]) -> String {
        guard let first = rows.first else { return "" }
        let widths = first.indices.map { col in rows.map { col < $0.count ? $0[col].count : 0 }.max() ?? 0 }
        var out = ""
        for row in rows {
            out +=
                row.enumerated().map { col, cell in
                    let pad = String(repeating: " ", count: max(0, widths[col] - cell.count))
                    return col == 0 ? cell + pad : pad + cell
                }.joined(separator: "  ") + "\n"
        }
        return out
    }

    /// `0.875`: three decimals; `-` for nothing, or a number that is not finite.
    public static func thousandths(_ v: Double?) -> String {
        guard let v, v.isFinite else { return "-" }
        let n = Int((v * 1000).rounded())
        return "\(n / 1000).\(String(repeating: "0", count: 3 - String(n % 1000).count))\(n % 1000)"
    }
}
