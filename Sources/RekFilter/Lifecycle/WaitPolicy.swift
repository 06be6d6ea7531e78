/// How `rekfilter model` waits for a status (README, The model's lifecycle): DescribeProjectVersions every `poll`
/// seconds (30, as boto3's `project_version_running` waiter), for at most `timeout` seconds.
public struct WaitPolicy: Sendable {
    public var poll: Double = 30
    public var timeout: Double = 3600

    public init(poll: Double = 30, timeout: Double = 3600) {
        self.poll = poll
        self.timeout = timeout
    }
}
