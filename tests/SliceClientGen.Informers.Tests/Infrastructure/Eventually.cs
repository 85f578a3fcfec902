using SliceClientGen.Runtime.Informers;

namespace SliceClientGen.Informers.Tests.Infrastructure;

/// <summary>
/// Waits for an informer to reach a state, re-checked after every batch it applies: no polling, no timing. The
/// one-minute guard only turns a hang into a failure; nothing asserts how long it took.
/// </summary>
internal static class Eventually
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(1);

    public static async Task ReachesAsync<T>(Informer<T> informer, Func<bool> condition)
        where T : class
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using IDisposable observation = informer.Observe(_ =>
        {
            if (condition())
            {
                reached.TrySetResult();
            }
        });
        if (condition())
        {
            return;
        }

        await reached.Task.WaitAsync(HangGuard);
    }

    public static Task ReachesResourceVersionAsync<T>(Informer<T> informer, long resourceVersion)
        where T : class =>
        ReachesAsync(informer, () => long.TryParse(informer.ResourceVersion, out long rv) && rv >= resourceVersion);

    public static Task<TResult> Within<TResult>(Task<TResult> task) => task.WaitAsync(HangGuard);

    public static Task Within(Task task) => task.WaitAsync(HangGuard);
}
