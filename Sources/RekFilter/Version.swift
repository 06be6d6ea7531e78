/// rekfilter's version, as `--version` and the User-Agent give it.
public enum RekFilterVersion {
    public static let string = "0.1.0"
}
