using System;
using System.Diagnostics;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace SliceClientGen.Runtime.Http;

/// <summary>
/// The handlers' synchronous path (<see cref="HttpClient.Send(HttpRequestMessage)"/>) runs the same code as the
/// asynchronous one with <c>async: false</c>: every step then completes before it returns (a synchronous send, file
/// read, lock wait or plugin run), so the task is complete and taking its result blocks on nothing. Work that can only
/// be asynchronous (a caller's token provider) runs on the thread pool, away from the caller's
/// <see cref="SynchronizationContext"/>, so waiting for it cannot deadlock.
/// </summary>
internal static class SynchronousSend
{
    /// <summary>The result of a task the synchronous path produced (complete by construction).</summary>
    public static T Result<T>(Task<T> task)
    {
        Debug.Assert(task.IsCompleted, "The synchronous path returned a task that has not completed.");
        return task.GetAwaiter().GetResult();
    }

    /// <summary>Waits for work that can only run asynchronously, started on the thread pool (no captured context).</summary>
    public static T OffContext<T>(Func<ValueTask<T>> work, CancellationToken cancellationToken) =>
        Task.Run(() => work().AsTask(), cancellationToken).GetAwaiter().GetResult();
}
