import ArgumentParser
import Testing

@testable import RekFilter
@testable import RekFilterCLI

/// `rekfilter model`'s command lines, parsed in process: the subcommand chosen, the values it
/// gets, the model from -m or REKFILTER_MODEL.
@Suite struct ModelCommandLineTests {
    static let arn = CommandLineTests.arn

    @Test func startTakesUnitsAndWaitOptions() throws {
        let parsed = try ModelCommand.parseAsRoot([
            "start", "-m", Self.arn, "--min-units", "2", "--max-units", "5", "--poll", "0.5", "--no-wait",
        ])
        let start = try #require(parsed as? ModelStartCommand)
        #expect(start.units.minUnits == 2 && start.units.maxUnits == 5 && start.wait.policy.poll == 0.5 && start.noWait)
        #expect(start.wait.policy.timeout == 3600, "boto3's default delay, and an hour's wait")
        #expect(try start.model.resolve([:]) == ModelVersionARN(Self.arn))
    }

    @Test func theDefaultsAreBoto3sWaiter() throws {
        let stop = try #require(try ModelCommand.parseAsRoot(["stop", "-m", Self.arn]) as? ModelStopCommand)
        #expect(stop.wait.policy.poll == 30 && stop.wait.policy.timeout == 3600 && !stop.noWait)
    }

    @Test func theModelFallsBackToREKFILTER_MODEL() throws {
        let status = try #require(try ModelCommand.parseAsRoot(["status"]) as? ModelStatusCommand)
        let resolved = try status.model.resolve(["REKFILTER_MODEL": Self.arn])
        #expect(resolved.project == "widgets" && resolved.version == "widgets.2024" && resolved.region == "eu-west-1")
        #expect(throws: UsageError.self) { try status.model.resolve([:]) }
        #expect(throws: UsageError.self) { try status.model.resolve(["REKFILTER_MODEL": ""]) }
    }

    @Test func runKeepsTheCommandAfterTheTerminatorWhole() throws {
        let run = try #require(
            try ModelCommand.parseAsRoot(["run", "-m", Self.arn, "--", "rekfilter", "-f", "json", "--", "-x"]) as? ModelRunCommand)
        #expect(run.command == ["rekfilter", "-f", "json", "--", "-x"])
        #expect(run.units.minUnits == 1 && run.units.maxUnits == nil)
    }

    @Test(arguments: [
        ["run", "-m", arn, "-f", "json", "--", "true"],
        ["list", "--project", "a/b"],
        ["start", "--max-units", "0"],
        ["status", "--poll", "1"],
        ["list", "-q", "-v"],
    ])
    func refused(arguments: [String]) {
        #expect(throws: (any Error).self) { try ModelCommand.parseAsRoot(arguments) }
    }
}
