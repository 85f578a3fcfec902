using System;
using System.Threading;
using System.Threading.Tasks;

namespace SliceClientGen.Runtime.Auth;

/// <summary>
/// A credential reused until a deadline and fetched again one fetch at a time (a <see cref="SemaphoreSlim"/>):
/// callers that waited while another fetch ran take its result, so concurrent requests cause one file read or
/// one plugin run, and concurrent rejections of the same credential cause one refresh.
/// </summary>
/// <remarks>
/// The synchronous path (<c>async: false</c>, for <see cref="System.Net.Http.HttpClient.Send(System.Net.Http.HttpRequestMessage)"/>) waits
/// for the lock with <see cref="SemaphoreSlim.Wait(CancellationToken)"/> and asks the fetch to run synchronously; the
/// <see cref="ValueTask{TResult}"/> it returns has then completed.
/// </remarks>
/// <typeparam name="T">The credential (a token, an exec plugin's credential).</typeparam>
internal sealed class SingleFlightValue<T>
    where T : class
{
    /// <summary>
    /// Fetches a value and says until when it may be reused; gets the previous value (or null), whether a refresh was
    /// forced, and whether it may run asynchronously (false: it must complete before it returns).
    /// </summary>
    private readonly Func<T?, bool, bool, CancellationToken, ValueTask<(T Value, DateTimeOffset ValidUntil)>> _fetch;
    private readonly SemaphoreSlim _refresh = new(1, 1);
    private Cached? _cached;
    private long _generation;

    public SingleFlightValue(Func<T?, bool, bool, CancellationToken, ValueTask<(T Value, DateTimeOffset ValidUntil)>> fetch, TimeProvider timeProvider)
    {
        _fetch = fetch ?? throw new ArgumentNullException(nameof(fetch));
        TimeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    public TimeProvider TimeProvider { get; }

    /// <summary>How many values were fetched.</summary>
    public long Fetches => Interlocked.Read(ref _generation);

    /// <summary>The value fetched last, valid or not (null before the first fetch).</summary>
    public T? Latest => Volatile.Read(ref _cached)?.Value;

    /// <summary>The value: the cached one while it is valid, else a fetched one.</summary>
    /// <param name="async">False on the synchronous path: the returned task has completed.</param>
    /// <param name="cancellationToken">Cancels the wait and the fetch.</param>
    public ValueTask<T> GetAsync(bool async, CancellationToken cancellationToken) => GetAsync(false, null, async, cancellationToken);

    /// <summary>
    /// A value to replace a rejected one: fetched again, unless another caller fetched one since (while this one
    /// waited) or the cached value is not the rejected one (<paramref name="isRejected"/> false): then that one.
    /// </summary>
    public ValueTask<T> RefreshAsync(Func<T, bool>? isRejected, bool async, CancellationToken cancellationToken) => GetAsync(true, isRejected, async, cancellationToken);

    private async ValueTask<T> GetAsync(bool forceRefresh, Func<T, bool>? isRejected, bool async, CancellationToken cancellationToken)
    {
        long seen = Interlocked.Read(ref _generation);
        if (!forceRefresh && Volatile.Read(ref _cached) is { } cached && cached.IsValidAt(TimeProvider.GetUtcNow()))
        {
            return cached.Value;
        }

        if (async)
        {
            await _refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            _refresh.Wait(cancellationToken);
        }

        try
        {
            Cached? current = Volatile.Read(ref _cached);
            bool valid = current is not null && current.IsValidAt(TimeProvider.GetUtcNow());

            // Fresh enough, or another caller refreshed while this one waited or since the rejected value was used: use it.
            if (valid && (!forceRefresh || Interlocked.Read(ref _generation) != seen || (isRejected is not null && !isRejected(current!.Value))))
            {
                return current!.Value;
            }

            (T value, DateTimeOffset validUntil) = await _fetch(current?.Value, forceRefresh, async, cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _cached, new Cached(value, validUntil));
            Interlocked.Increment(ref _generation);
            return value;
        }
        finally
        {
            _refresh.Release();
        }
    }

    /// <summary>One fetched value, replaced whole so readers without the lock never see half an update.</summary>
    private sealed class Cached
    {
        public Cached(T value, DateTimeOffset validUntil)
        {
            Value = value;
            ValidUntil = validUntil;
        }

        public T Value { get; }

        public DateTimeOffset ValidUntil { get; }

        public bool IsValidAt(DateTimeOffset now) => now < ValidUntil;
    }
}
