/// Token counts in exclusive buckets: a token is counted in exactly one of them, so no
/// bucket's price is applied twice (cached input is not also input; reasoning output is not
/// also output).
public struct UsageBuckets: Sendable, Equatable, Codable {
    public var inputUncached: Int64
    public var cacheRead: Int64
    public var cacheWrite5m: Int64
    public var cacheWrite1h: Int64
    public var output: Int64
    public var reasoning: Int64
    public var images: Int64
    public var audioSeconds: Int64
    public var requests: Int64

    public init(
        inputUncached: Int64 = 0, cacheRead: Int64 = 0, cacheWrite5m: Int64 = 0, cacheWrite1h: Int64 = 0,
        output: Int64 = 0, reasoning: Int64 = 0, images: Int64 = 0, audioSeconds: Int64 = 0, requests: Int64 = 1
    ) {
        self.inputUncached = inputUncached
        self.cacheRead = cacheRead
        self.cacheWrite5m = cacheWrite5m
        self.cacheWrite1h = cacheWrite1h
        self.output = output
        self.reasoning = reasoning
        self.images = images
        self.audioSeconds = audioSeconds
        self.requests = requests
    }

    /// Every input token, cached or not: what "input above 200k tokens" tiers look at.
    public var totalInput: Int64 { inputUncached + cacheRead + cacheWrite5m + cacheWrite1h }
    public var totalOutput: Int64 { output + reasoning }
    public var totalTokens: Int64 { totalInput + totalOutput }
}

/// The usage shapes clients send, before normalisation.
public struct ReportedUsage: Sendable, Equatable, Codable {
    /// OpenAI chat completions: `prompt_tokens` includes `cached_tokens`;
    /// `completion_tokens` includes `reasoning_tokens`.
    public var promptTokens: Int64?
    public var completionTokens: Int64?
    public var totalTokens: Int64?
    public var cachedTokens: Int64?
    public var reasoningTokens: Int64?
    /// Anthropic messages: `input_tokens` excludes both cache buckets.
    public var inputTokens: Int64?
    public var outputTokens: Int64?
    public var cacheReadInputTokens: Int64?
    public var cacheCreationInputTokens: Int64?
    public var cacheCreation1hInputTokens: Int64?
    public var images: Int64?
    public var audioSeconds: Int64?
    /// Billable requests the call stands for (default 1).
    public var requests: Int64?

    public init(
        promptTokens: Int64? = nil, completionTokens: Int64? = nil, totalTokens: Int64? = nil, cachedTokens: Int64? = nil,
        reasoningTokens: Int64? = nil, inputTokens: Int64? = nil, outputTokens: Int64? = nil,
        cacheReadInputTokens: Int64? = nil, cacheCreationInputTokens: Int64? = nil, cacheCreation1hInputTokens: Int64? = nil,
        images: Int64? = nil, audioSeconds: Int64? = nil, requests: Int64? = nil
    ) {
        self.promptTokens = promptTokens
        self.completionTokens = completionTokens
        self.totalTokens = totalTokens
        self.cachedTokens = cachedTokens
        self.reasoningTokens = reasoningTokens
        self.inputTokens = inputTokens
        self.outputTokens = outputTokens
        self.cacheReadInputTokens = cacheReadInputTokens
        self.cacheCreationInputTokens = cacheCreationInputTokens
        self.cacheCreation1hInputTokens = cacheCreation1hInputTokens
        self.images = images
        self.audioSeconds = audioSeconds
        self.requests = requests
    }

    /// The documented rules (docs/USAGE.md):
    /// - OpenAI shape: uncached input = prompt − cached; output = completion − reasoning.
    /// - Anthropic shape: input, cache read and cache creation are already exclusive; the 1-hour
    ///   cache writes are part of `cache_creation_input_tokens` and are split out of it.
    /// - `total_tokens`, when given, must equal prompt + completion (or input + cache + output).
    /// Inconsistent numbers are refused, naming the ones that disagree.
    public func normalized() throws(LedgerError) -> UsageBuckets {
        var issues: [FieldIssue] = []
        let all: [(String, Int64?)] = [
            ("prompt_tokens", promptTokens), ("completion_tokens", completionTokens), ("total_tokens", totalTokens),
            ("cached_tokens", cachedTokens), ("reasoning_tokens", reasoningTokens), ("input_tokens", inputTokens),
            ("output_tokens", outputTokens), ("cache_read_input_tokens", cacheReadInputTokens),
            ("cache_creation_input_tokens", cacheCreationInputTokens),
            ("cache_creation_1h_input_tokens", cacheCreation1hInputTokens), ("images", images),
            ("audio_seconds", audioSeconds), ("requests", requests),
        ]
        // total_tokens is bounded by the sum it must equal.
        for (name, value) in all where name != "total_tokens" {
            if let issue = UsageLimits.issue(name, value, maximum: UsageLimits.maximum(forCount: name)) { issues.append(issue) }
        }
        if let issue = UsageLimits.issue("total_tokens", totalTokens, maximum: .max) { issues.append(issue) }
        if !issues.isEmpty { throw .validation(issues) }
        let openAIShape = promptTokens != nil || completionTokens != nil
        let anthropicShape = inputTokens != nil || outputTokens != nil || cacheReadInputTokens != nil
            || cacheCreationInputTokens != nil
        if openAIShape && anthropicShape {
            throw .validation([FieldIssue(
                field: "usage", message: "use either prompt_tokens/completion_tokens or input_tokens/output_tokens, not both")])
        }
        var buckets = UsageBuckets(images: images ?? 0, audioSeconds: audioSeconds ?? 0, requests: requests ?? 1)
        if openAIShape {
            let prompt = promptTokens ?? 0
            let completion = completionTokens ?? 0
            let cached = cachedTokens ?? 0
            let reasoning = reasoningTokens ?? 0
            if cached > prompt {
                issues.append(FieldIssue(field: "cached_tokens", message: "cached_tokens (\(cached)) exceeds prompt_tokens (\(prompt))"))
            }
            if reasoning > completion {
                issues.append(FieldIssue(
                    field: "reasoning_tokens", message: "reasoning_tokens (\(reasoning)) exceeds completion_tokens (\(completion))"))
            }
            if let total = totalTokens, total != prompt + completion {
                issues.append(FieldIssue(
                    field: "total_tokens",
                    message: "total_tokens (\(total)) is not prompt_tokens + completion_tokens (\(prompt + completion))"))
            }
            buckets.inputUncached = prompt - cached
            buckets.cacheRead = cached
            buckets.output = completion - reasoning
            buckets.reasoning = reasoning
        } else {
            let creation = cacheCreationInputTokens ?? 0
            let oneHour = cacheCreation1hInputTokens ?? 0
            let reasoning = reasoningTokens ?? 0
            let output = outputTokens ?? 0
            if oneHour > creation {
                issues.append(FieldIssue(
                    field: "cache_creation_1h_input_tokens",
                    message: "cache_creation_1h_input_tokens (\(oneHour)) exceeds cache_creation_input_tokens (\(creation))"))
            }
            if reasoning > output {
                issues.append(FieldIssue(field: "reasoning_tokens", message: "reasoning_tokens (\(reasoning)) exceeds output_tokens (\(output))"))
            }
            if cachedTokens != nil {
                issues.append(FieldIssue(field: "cached_tokens", message: "belongs to the prompt_tokens shape; use cache_read_input_tokens"))
            }
            buckets.inputUncached = inputTokens ?? 0
            buckets.cacheRead = cacheReadInputTokens ?? 0
            buckets.cacheWrite5m = creation - oneHour
            buckets.cacheWrite1h = oneHour
            buckets.output = output - reasoning
            buckets.reasoning = reasoning
            if let total = totalTokens, total != buckets.totalTokens {
                issues.append(FieldIssue(
                    field: "total_tokens", message: "total_tokens (\(total)) is not the sum of the buckets (\(buckets.totalTokens))"))
            }
        }
        if !issues.isEmpty { throw .validation(issues) }
        return buckets
    }
}
