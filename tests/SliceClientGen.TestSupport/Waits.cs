namespace SliceClientGen.TestSupport;

/// <summary>Time limits for awaited calls: a hang fails the test instead of stalling the run.</summary>
public static class Waits
{
    /// <summary>The most any test waits for one thing by default.</summary>
    public static readonly TimeSpan Guard = TimeSpan.FromSeconds(10);

    /// <summary>A token cancelled after <see cref="Guard"/>.</summary>
    public static CancellationTokenSource GuardToken() => new(Guard);

    /// <summary>Throws <see cref="HangException"/> when <paramref name="task"/> does not complete within <paramref name="seconds"/>.</summary>
    public static async Task<T> Within<T>(this Task<T> task, double seconds = 10)
    {
        await ((Task)task).Within(seconds);
        return await task;
    }

    /// <inheritdoc cref="Within{T}(Task{T}, double)"/>
    public static async Task Within(this Task task, double seconds = 10)
    {
        Task done = await Task.WhenAny(task, Task.Delay(TimeSpan.FromSeconds(seconds)));
        if (done != task)
        {
            throw new HangException("The call did not complete within " + seconds + " s.");
        }

        await task;
    }

    /// <summary>The exception <paramref name="call"/> throws within 10 s; throws when it succeeds or hangs.</summary>
    public static async Task<Exception> FailureOf(Func<Task> call)
    {
        try
        {
            await call().Within();
        }
        catch (HangException)
        {
            throw;
        }
        catch (Exception e)
        {
            return e;
        }

        throw new InvalidOperationException("The call succeeded; a failure was expected.");
    }
}

/// <summary>A call did not complete within its time limit.</summary>
public sealed class HangException(string message) : Exception(message);
