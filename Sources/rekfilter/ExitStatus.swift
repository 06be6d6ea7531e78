import RekFilter

/// The one place where errors become exit codes (SPEC §6).
enum ExitStatus {
    static let success: Int32 = 0
    static let usage: Int32 = 64
    static let dataError: Int32 = 65
    static let noInput: Int32 = 66
    static let unavailable: Int32 = 69
    static let software: Int32 = 70
    static let cannotWrite: Int32 = 74
    static let temporary: Int32 = 75
    static let notPermitted: Int32 = 77
    static let configuration: Int32 = 78

    static func code(for error: Error) -> Int32 {
        switch error {
        case let error as ImageError:
            switch error {
            case .empty: return noInput
            case .outOfMemory: return software
            case .encodeFailed: return software
            default: return dataError
            }
        case let error as IOError:
            switch error {
            case .stdinIsTerminal, .readFailed: return noInput
            case .writeFailed: return cannotWrite
            }
        case is UsageError:
            return usage
        default:
            return software
        }
    }
}

/// A command line that cannot be run as given.
struct UsageError: Error, CustomStringConvertible {
    var description: String
}
