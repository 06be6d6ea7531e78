import Basics
import Glibc

/// Everything the AWS CLI's configuration comes from: the environment variables, the shared
/// config and credentials files, and the chosen profile. Injected, so tests need no real home.
public struct AWSEnvironment: Sendable {
    public var variables: [String: String]
    public var profile: String
    /// `--profile` was given: as in the AWS CLI, a profile named on the command line wins over
    /// credentials in environment variables (one named by AWS_PROFILE does not).
    public var profileIsExplicit: Bool
    /// The profile named by `--profile`, AWS_PROFILE or AWS_DEFAULT_PROFILE, if any (nil: `default`
    /// by default). A named profile that does not exist is a configuration error.
    public var namedProfile: String?
    public var config: AWSConfigFile
    public var credentialsFile: AWSConfigFile
    /// The config file's profiles, `[sso-session]` and `[services]` sections, by name (botocore's map).
    public var configProfiles: [String: [String: String]]
    public var ssoSessions: [String: [String: String]]
    public var services: [String: [String: String]]
    /// A shared file that cannot be parsed (botocore refuses to go on; so does rekfilter).
    public var fileError: String?
    /// Shared files that exist but cannot be read (path → why): passed over, as botocore does,
    /// and named when no credentials are found.
    public var unreadableFiles: [String: String] = [:]
    public var configPath: String
    public var credentialsPath: String
    /// `--region`, `--fips`, `--dualstack`: the command line's word on settings, which every
    /// client of the run (Rekognition, STS, SSO, S3) follows.
    public var regionFlag: String?
    public var variantFlags = EndpointVariant()

    public init(variables: [String: String], profile: String? = nil) {
        self.variables = variables
        let chosen = profile ?? [variables["AWS_PROFILE"], variables["AWS_DEFAULT_PROFILE"]].compactMap { $0 }.first { !$0.isEmpty }
        self.profile = chosen ?? "default"
        self.namedProfile = chosen
        self.profileIsExplicit = profile != nil
        let home = variables["HOME"] ?? "/"
        configPath = variables["AWS_CONFIG_FILE"].map { Self.expandHome($0, home) } ?? home + "/.aws/config"
        credentialsPath = variables["AWS_SHARED_CREDENTIALS_FILE"].map { Self.expandHome($0, home) } ?? home + "/.aws/credentials"
        var fileError: String?
        var unreadable: [String: String] = [:]
        func load(_ path: String) -> AWSConfigFile {
            var why: String?
            defer { if let why { unreadable[path] = why } }
            switch AWSConfigFile.load(path, unreadable: &why) {
            case .success(let file): return file ?? AWSConfigFile()
            case .failure(let error):
                fileError = fileError ?? "cannot parse \(path), \(error) (the AWS CLI refuses this file too)"
                return AWSConfigFile()
            }
        }
        config = load(configPath)
        credentialsFile = load(credentialsPath)
        self.fileError = fileError
        self.unreadableFiles = unreadable
        configProfiles = config.named("profile")
        ssoSessions = config.named("sso-session")
        services = config.named("services")
    }

    /// The process's own environment.
    public static func processVariables() -> [String: String] {
        var result = [String: String]()
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            if let eq = s.firstIndex(of: "=") { result[String(s[..<eq])] = String(s[s.index(after: eq)...]) }
            p += 1
        }
        return result
    }

    package static func expandHome(_ path: String, _ home: String) -> String {
        path.hasPrefix("~/") ? home + path.dropFirst() : path
    }

    public func env(_ name: String) -> String? {
        guard let v = variables[name], !v.isEmpty else { return nil }
        return v
    }

    /// A profile's section of the config file (`[profile name]`, or `[default]`).
    public func configSection(_ name: String) -> [String: String]? {
        configProfiles[name]
    }

    /// A key of profile `name`: the credentials file first, then the config file.
    public func value(_ key: String, profile name: String? = nil) -> String? {
        let name = name ?? profile
        if let v = credentialsFile.sections[name]?[key], !v.isEmpty { return v }
        if let v = configSection(name)?[key], !v.isEmpty { return v }
        return nil
    }

    /// A warning, as ssh gives, when a shared file that holds secrets can be read by others.
    public func permissionWarnings() -> [String] {
        var warnings = [String]()
        for (path, file) in [(credentialsPath, credentialsFile), (configPath, config)] {
            let holdsSecrets = file.sections.values.contains { $0["aws_secret_access_key"] != nil || $0["aws_session_token"] != nil }
            guard holdsSecrets, let mode = Files.mode(path), mode & 0o077 != 0 else { continue }
            warnings.append("\(path) holds secret keys and is readable by others (mode \(String(mode, radix: 8))); chmod 600 it")
        }
        return warnings
    }

    /// Whether profile `name` exists in either file.
    public func hasProfile(_ name: String) -> Bool {
        credentialsFile.sections[name] != nil || configSection(name) != nil
    }
}
