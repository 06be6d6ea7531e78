import ArgumentParser
import RekFilter

/// `rekfilter model status -m ARN`: the version's status, inference units and status message.
struct ModelStatusCommand: ModelSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "status", abstract: "The model version's status, inference units and status message.")

    @OptionGroup var model: ModelOption
    @OptionGroup var common: ModelCommonOptions
    @OptionGroup var output: ModelFormatOption

    func execute(environment: [String: String]) throws -> Int32 {
        let arn = try model.resolve(environment)
        let client = try common.client(model: arn.arn, environment: environment, diagnostics: common.diagnostics())
        let (description, body) = try ModelLifecycle(model: arn, client: client).describe()
        try ModelOutput.describe(description, body: body, format: output.format)
        return ExitStatus.success
    }
}
