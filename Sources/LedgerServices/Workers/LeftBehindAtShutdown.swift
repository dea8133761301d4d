import ServiceLifecycle
import Synchronization

/// Runs `work` in a task of its own, waited for until it ends, until the caller is cancelled,
/// or for at most `allowance` once graceful shutdown has begun; then it is cancelled and left
/// behind, so work stuck in a call that ignores cancellation (a query waiting on a database
/// that is gone) cannot keep the process from stopping. Whether it ended.
func leftBehindAtShutdown(after allowance: Duration, _ work: @escaping @Sendable () async -> Void) async -> Bool {
    let (done, finished) = AsyncStream.makeStream(of: Void.self)
    let ended = Atomic(false)
    let task = Task {
        defer {
            ended.store(true, ordering: .releasing)
            finished.finish()
        }
        await work()
    }
    await withTaskCancellationHandler {
        await withGracefulShutdownHandler {
            for await _ in done {}
        } onGracefulShutdown: {
            Task {
                try? await Task.sleep(for: allowance)
                finished.finish()
            }
        }
    } onCancel: {
        task.cancel()
    }
    let didEnd = ended.load(ordering: .acquiring)
    if !didEnd { task.cancel() }
    return didEnd
}
