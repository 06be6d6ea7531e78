import Testing

@testable import RekFilterCLI

@Suite struct StandardErrorTests {
    @Test func messagesAreOneLineWithControlCharactersEscaped() {
        #expect(StandardError.oneLine("plain text, ünïcödé 日本") == "plain text, ünïcödé 日本")
        #expect(StandardError.oneLine("a\nb\rc\td") == "a\\nb\\rc\\td")
        #expect(StandardError.oneLine("\u{1B}[31mred\u{7}") == "\\x1b[31mred\\x07")
        #expect(StandardError.oneLine("next\u{85}line\u{2028}sep") == "next\\u{85}line\\u{2028}sep")
        #expect(!StandardError.oneLine("x\u{0}y").contains("\u{0}"))
    }
}
