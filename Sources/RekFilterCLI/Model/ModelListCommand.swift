import ArgumentParser
import RekFilter

/// `rekfilter model list [--project NAME]`: every model version, one line each.
struct ModelListCommand: ModelSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "list", abstract: "Every model version of every Custom Labels project (or of one): status, inference units, ARN.")

    @Option(name: .customLong("project"), help: ArgumentHelp("Only this project's versions.", valueName: "name"))
    var project: String?

    @OptionGroup var common: ModelCommonOptions
    @OptionGroup var output: ModelFormatOption

    func validate() throws {
        if let project,
            !(1...255).contains(project.count) || !project.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "_.-".contains($0)) })
        {
            throw ValidationError("--project wants a project name (letters, digits, _ . -), got '\(project)'")
        }
    }

    func execute(environment: [String: String]) throws -> Int32 {
        let client = try common.client(model: nil, environment: environment, diagnostics: common.diagnostics())
        let (versions, bodies) = try ModelLifecycle.list(client: client, project: project)
        switch output.format {
        case .text: try ModelOutput.write(versions.map { StandardError.oneLine($0.line) + "\n" }.joined())
        case .json: try ModelOutput.write(bodies.map { String(decoding: $0, as: UTF8.self) + "\n" }.joined())
        }
        return ExitStatus.success
    }
}
