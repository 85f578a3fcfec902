using SliceClientGen.Runtime.Informers;

namespace SliceClientGen.Informers.Tests.Infrastructure;

/// <summary>
/// Waits for an informer to reach a state, re-checked after every batch it applies: no polling, no timing. The
/// one-minute guard (<see cref="Waits"/>) only turns a hang into a failure; nothing asserts how long it took.
/// </summary>
internal static class Eventually
{
    /// <summary>Seconds before a wait counts as a hang (generous: the machine may be loaded; nothing asserts a duration).</summary>
    public const double HangGuardSeconds = 60;

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

        await reached.Task.Within(HangGuardSeconds);
    }

    public static Task ReachesResourceVersionAsync<T>(Informer<T> informer, long resourceVersion)
        where T : class =>
        ReachesAsync(informer, () => long.TryParse(informer.ResourceVersion, out long rv) && rv >= resourceVersion);

    /// <summary><see cref="Waits.Within(Task, double)"/> with the informer tests' guard.</summary>
    public static Task<TResult> Within<TResult>(Task<TResult> task) => task.Within(HangGuardSeconds);

    /// <inheritdoc cref="Within{TResult}(Task{TResult})"/>
    public static Task Within(Task task) => task.Within(HangGuardSeconds);
}
