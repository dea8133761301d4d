import LedgerCore
import Testing

@Suite struct SnakeCaseTests {
    @Test(arguments: [
        ("apiKeyID", "api_key_id"), ("costUSD", "cost_usd"), ("cacheWrite5m", "cache_write_5m"),
        ("cacheCreation1hInputTokens", "cache_creation_1h_input_tokens"), ("latencyP95Ms", "latency_p95_ms"),
        ("nextCursor", "next_cursor"), ("id", "id"), ("timeToFirstTokenMs", "time_to_first_token_ms"),
    ])
    func namesAndKeysConvertBothWays(name: String, key: String) {
        #expect(SnakeCase.snake(name) == key)
        #expect(SnakeCase.camel(key) == name)
        #expect(SnakeCase.snake(key) == key)
    }
}
