import Glibc

/// Failures reading the input or writing the result.
public enum IOError: Error, Equatable, Sendable {
    /// stdin is a terminal: nothing was piped in.
    case stdinIsTerminal
    case readFailed(errno: Int32)
    case writeFailed(path: String, errno: Int32)
    /// Image bytes would land on a terminal.
    case binaryToTerminal
    /// stdout was closed when rekfilter started (`>&-`): the result has nowhere to go.
    case stdoutClosed
}

extension IOError: CustomStringConvertible {
    public var description: String {
        switch self {
        case .stdinIsTerminal:
            return "no input: stdin is a terminal; pipe an image in (rekfilter -m ARN < photo.jpg)"
        case .readFailed(let code):
            return "cannot read stdin: \(String(cString: strerror(code)))"
        case .binaryToTerminal:
            return "refusing to write binary output to a terminal: redirect it (> out.png), pipe it, or use -o FILE"
        case .stdoutClosed:
            return "cannot write the result: stdout is closed (give -o FILE, or redirect stdout)"
        case .writeFailed(let path, let code):
            return "cannot write \(path): \(String(cString: strerror(code)))"
        }
    }
}
