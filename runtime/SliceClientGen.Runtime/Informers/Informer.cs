using System;
using System.Collections.Generic;
using System.Net;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using SliceClientGen.Runtime.Http;
using SliceClientGen.Runtime.Paging;
using SliceClientGen.Runtime.Watch;

namespace SliceClientGen.Runtime.Informers;

/// <summary>
/// A local, always-current cache of one collection (list, then watch; relist after 410 Gone), with indexes and
/// change notifications for any number of subscribers: client-go's shared informer for generated clients.
/// </summary>
/// <remarks>
/// <para>
/// <see cref="StartAsync"/> starts a background loop: a complete list (a streaming list where the server supports it,
/// else a paged one), then a watch from the list's resourceVersion with bookmarks, resumed after drops and idle
/// periods. A 410 Gone lists again; the difference between the old cache and the new list is delivered as events,
/// so a delete that happened while disconnected is never lost (it is marked
/// <see cref="InformerEvent{T}.IsFinalStateUnknown"/>). Other failures back off as client-go's reflector does.
/// </para>
/// <para>
/// The cache becomes visible atomically once the first list is complete (<see cref="HasSynced"/>); reads are
/// thread-safe and each sees one consistent state. Updates that change nothing (the same resourceVersion, or equal by
/// <see cref="InformerOptions{T}.Comparer"/>) move the resourceVersion but are not delivered.
/// </para>
/// </remarks>
/// <typeparam name="T">The item model.</typeparam>
public sealed class Informer<T> : IAsyncDisposable
    where T : class
{
    /// <summary>The index of objects by namespace, always present.</summary>
    public const string NamespaceIndex = "namespace";

    private const string StreamingMode = "streaming";
    private const string PagedMode = "paged";

    private readonly ListWatch<T> _source;
    private readonly InformerOptions _options;
    private readonly InformerTransform<T>? _transform;
    private readonly IEqualityComparer<T> _comparer;
    private readonly InformerStore<T> _store;
    private readonly InformerMetrics _metrics;
    private readonly ILogger _logger;
    private readonly string _name;
    private readonly object _dispatchLock = new();
    private readonly List<IInformerObserver<T>> _observers = new();
    private readonly List<InformerSubscriber<T>> _subscribers = new();
    private readonly TaskCompletionSource _synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private Task? _loop;
    private bool _useStreamingList;
    private bool _disposed;

    // Set by the watch's OnReconnect (which runs on the loop, between events): a streaming list starts over.
    private bool _reconnected;

    /// <summary>Creates an informer (not started: see <see cref="StartAsync"/>).</summary>
    /// <param name="source">How to list and watch (generated factories supply it).</param>
    /// <param name="options">Settings; an <see cref="InformerOptions{T}"/> adds a transform, equality and indexes. Null for the defaults.</param>
    /// <exception cref="ArgumentException">The options are for another item type, or invalid.</exception>
    public Informer(ListWatch<T> source, InformerOptions? options = null)
    {
        _source = source ?? throw new ArgumentNullException(nameof(source));
        _options = options ?? new InformerOptions();
        _options.Validate();
        if (_options.ItemType is { } itemType && itemType != typeof(T))
        {
            throw new ArgumentException("The options are InformerOptions<" + itemType.Name + "> but the informer caches " + typeof(T).Name + ".", nameof(options));
        }

        var typed = _options as InformerOptions<T>;
        _transform = typed?.Transform;
        _comparer = typed?.Comparer ?? EqualityComparer<T>.Default;
        _useStreamingList = _options.UseStreamingList;
        _name = _options.Name ?? source.Resource;
        _logger = (ILogger?)_options.LoggerFactory?.CreateLogger("SliceClientGen.Runtime.Informers.Informer") ?? NullLogger.Instance;

        var indexers = new Dictionary<string, Func<T, IEnumerable<string>>>(StringComparer.Ordinal)
        {
            [NamespaceIndex] = item => source.NamespaceOf(item) is { } ns ? [ns] : [],
        };
        if (typed is not null)
        {
            foreach (KeyValuePair<string, Func<T, IEnumerable<string>>> indexer in typed.Indexers)
            {
                indexers[indexer.Key] = indexer.Value ?? throw new ArgumentException("Indexer '" + indexer.Key + "' has no function.", nameof(options));
            }

            foreach (string label in typed.LabelIndexes)
            {
                Func<T, IDictionary<string, string>?> labelsOf = source.LabelsOf
                    ?? throw new ArgumentException("Label index '" + label + "': the source does not say where labels are.", nameof(options));
                indexers[label] = item => labelsOf(item) is { } labels && labels.TryGetValue(label, out string? value) ? [value] : [];
            }
        }

        _store = new InformerStore<T>(source.KeyOf, source.ResourceVersionOf, _comparer, indexers);
        _metrics = new InformerMetrics(_options.MeterFactory, _name, () => _store.Count);
    }

    /// <summary>The strings shared across this informer's cache (see <see cref="InformerOptions{T}.Transform"/>).</summary>
    public StringPool Strings { get; } = new();

    /// <summary>True once the first complete list is in the cache.</summary>
    public bool HasSynced => _synced.Task.IsCompletedSuccessfully;

    /// <summary>The resourceVersion the cache is current at (the last list, event or bookmark); null before the first list.</summary>
    public string? ResourceVersion => _store.ResourceVersion;

    /// <summary>How many objects the cache holds.</summary>
    public int Count => _store.Count;

    /// <summary>The background loop (tests check it has ended after disposal).</summary>
    internal Task? Loop => _loop;

    /// <summary>How many SubscribeAsync enumerations are registered.</summary>
    internal int Subscribers
    {
        get
        {
            lock (_dispatchLock)
            {
                return _subscribers.Count;
            }
        }
    }

    /// <summary>Starts the background list and watch, and returns at once.</summary>
    /// <param name="cancellationToken">Stops the informer when cancelled (as <see cref="DisposeAsync"/> does).</param>
    /// <returns>A completed task.</returns>
    /// <exception cref="InvalidOperationException">Already started.</exception>
    /// <exception cref="ObjectDisposedException">Disposed.</exception>
    public Task StartAsync(CancellationToken cancellationToken = default)
    {
        lock (_dispatchLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_loop is not null)
            {
                throw new InvalidOperationException("The informer is already started.");
            }

            if (cancellationToken.CanBeCanceled)
            {
                cancellationToken.Register(static state => ((CancellationTokenSource)state!).Cancel(), _stopping);
            }

            CancellationToken stopping = _stopping.Token;
            _loop = Task.Run(() => RunAsync(stopping), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    /// <summary>Waits until the first complete list is in the cache.</summary>
    /// <param name="cancellationToken">Stops waiting (the informer goes on).</param>
    /// <returns>A task that completes when synced.</returns>
    /// <exception cref="OperationCanceledException">Cancelled, or the informer was disposed before it synced.</exception>
    public Task WaitForSyncAsync(CancellationToken cancellationToken = default) => _synced.Task.WaitAsync(cancellationToken);

    /// <summary>The cached objects (a snapshot; empty before the first sync).</summary>
    /// <returns>The objects, in no particular order.</returns>
    public IReadOnlyList<T> List() => _store.List();

    /// <summary>A cached object by namespace and name.</summary>
    /// <param name="namespace">The namespace (null for cluster-scoped objects).</param>
    /// <param name="name">The name.</param>
    /// <returns>The object, or null.</returns>
    public T? Get(string? @namespace, string name) => _store.Get(new ObjectKey(@namespace, name ?? throw new ArgumentNullException(nameof(name))));

    /// <summary>The cached objects whose index <paramref name="indexName"/> has <paramref name="value"/>.</summary>
    /// <param name="indexName"><see cref="NamespaceIndex"/>, a label key of <see cref="InformerOptions{T}.LabelIndexes"/> or a name of <see cref="InformerOptions{T}.Indexers"/>.</param>
    /// <param name="value">The value.</param>
    /// <returns>The objects.</returns>
    /// <exception cref="ArgumentException">No such index.</exception>
    public IReadOnlyList<T> ByIndex(string indexName, string value) => _store.ByIndex(indexName, value);

    /// <summary>
    /// Adds an observer that receives every batch of changes synchronously, in order, on the informer's loop (see
    /// <see cref="IInformerObserver{T}"/>). If the cache is synced, it first receives the current state as one
    /// <see cref="InformerBatchKind.Replay"/> batch.
    /// </summary>
    /// <param name="observer">The observer.</param>
    /// <returns>Removes the observer when disposed.</returns>
    public IDisposable Observe(IInformerObserver<T> observer)
    {
        ArgumentNullException.ThrowIfNull(observer);
        lock (_dispatchLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (HasSynced)
            {
                var current = new List<InformerEvent<T>>();
                foreach (T item in _store.List())
                {
                    current.Add(new InformerEvent<T>(InformerEventType.Added, item));
                }

                observer.OnBatch(new InformerBatch<T>(InformerBatchKind.Replay, current, _store.ResourceVersion));
            }

            _observers.Add(observer);
        }

        return new Unsubscriber(this, observer);
    }

    /// <summary>Adds an observer function (see <see cref="Observe(IInformerObserver{T})"/>).</summary>
    /// <param name="onBatch">Receives each batch.</param>
    /// <returns>Removes the observer when disposed.</returns>
    public IDisposable Observe(Action<InformerBatch<T>> onBatch) => Observe(new DelegateObserver<T>(onBatch ?? throw new ArgumentNullException(nameof(onBatch))));

    /// <summary>
    /// The changes of the cache as they happen: first the current state (as Added, once synced), then every change.
    /// Any number of subscribers; each has its own buffer, which holds at most one unread event per object: a
    /// subscriber that falls behind receives each object's net change since it last read (for example one Updated
    /// from its last-read state to the newest, or nothing for an object added and deleted meanwhile), so it never
    /// stalls the informer or the others, and its buffer never outgrows the cache. The enumeration ends when the
    /// informer is disposed.
    /// </summary>
    /// <param name="cancellationToken">Ends this subscription.</param>
    /// <returns>The events.</returns>
    public async IAsyncEnumerable<InformerEvent<T>> SubscribeAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var subscriber = new InformerSubscriber<T>(_store.KeyOf, _comparer);
        IDisposable registration;
        lock (_dispatchLock)
        {
            registration = Observe(subscriber);
            _subscribers.Add(subscriber);
            if (_disposed)
            {
                subscriber.Complete();
            }
        }

        try
        {
            await foreach (InformerEvent<T> next in subscriber.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                yield return next;
            }
        }
        finally
        {
            registration.Dispose();
            lock (_dispatchLock)
            {
                _subscribers.Remove(subscriber);
            }
        }
    }

    /// <summary>Stops the list and watch, waits for the loop to end, and ends every subscription.</summary>
    /// <returns>A task that completes when nothing of the informer runs any more.</returns>
    public async ValueTask DisposeAsync()
    {
        Task? loop;
        lock (_dispatchLock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            loop = _loop;
        }

        _stopping.Cancel();
        if (loop is not null)
        {
            try
            {
                await loop.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        }

        lock (_dispatchLock)
        {
            foreach (InformerSubscriber<T> subscriber in _subscribers)
            {
                subscriber.Complete();
            }

            _observers.Clear();
        }

        _synced.TrySetCanceled();
        _metrics.Dispose();
        _stopping.Dispose();
    }

    /// <summary>The loop: list and watch, relist after 410, back off after failures, until stopped.</summary>
    private async Task RunAsync(CancellationToken cancellationToken)
    {
        var backoff = new InformerBackoff(_options, _options.TimeProvider, Random.Shared.NextDouble);
        string listReason = "initial";
        bool needList = true;
        int expiredInARow = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            string step = needList ? "list" : "watch";
            try
            {
                await ListAndWatchAsync(needList, listReason, () => step = "watch", cancellationToken).ConfigureAwait(false);
                step = "watch";
                throw new InvalidOperationException("The watch ended.");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (WatchExpiredException) when (step == "watch" && expiredInARow++ == 0)
            {
                // The history the watch needs is compacted away: list again at once (client-go's relist).
                InformerLog.Expired(_logger, _name, _store.ResourceVersion);
                _metrics.Restart("expired");
                needList = true;
                listReason = "expired";
                continue;
            }
            catch (Exception e)
            {
                TimeSpan delay = backoff.Next();
                InformerLog.Failed(_logger, _name, step, delay, e);
                _metrics.Restart(step == "list" ? "list failed" : "watch failed");
                needList = !HasSynced || (e is ApiException { IsExpired: true });
                listReason = "error";
                try
                {
                    await Task.Delay(delay, _options.TimeProvider, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }

            if (step == "watch" && HasSynced)
            {
                expiredInARow = 0;
            }
        }
    }

    /// <summary>One round: a complete list when needed (streaming, else paged), then the watch until it fails.</summary>
    private async Task ListAndWatchAsync(bool needList, string listReason, Action listed, CancellationToken cancellationToken)
    {
        IAsyncEnumerator<WatchEvent<T>>? watch = null;
        try
        {
            if (needList)
            {
                if (_useStreamingList)
                {
                    watch = await WatchListAsync(listReason, cancellationToken).ConfigureAwait(false);
                }

                if (watch is null)
                {
                    await ListPagedAsync(listReason, cancellationToken).ConfigureAwait(false);
                }

                listed();
            }

            watch ??= StartWatch(new WatchRequest(_store.ResourceVersion, null, null, WatchOptionsForRun()), cancellationToken);
            await HandleWatchAsync(watch, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (watch is not null)
            {
                await watch.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// The streaming list: a watch that sends the current state as ADDED events and ends it with the
    /// initial-events-end bookmark. Returns the still-open watch, or null when the server refuses or ignores it (then
    /// a paged list is used, now and from then on).
    /// </summary>
    private async Task<IAsyncEnumerator<WatchEvent<T>>?> WatchListAsync(string reason, CancellationToken cancellationToken)
    {
        long started = _options.TimeProvider.GetTimestamp();
        var collected = new Dictionary<ObjectKey, T>();
        _reconnected = false;
        IAsyncEnumerator<WatchEvent<T>> watch = StartWatch(new WatchRequest(null, "NotOlderThan", true, WatchOptionsForRun()), cancellationToken);
        string? why = null;
        Exception? refusal = null;
        try
        {
            while (true)
            {
                bool more;
                try
                {
                    more = await watch.MoveNextAsync().ConfigureAwait(false);
                }
                catch (ApiException e) when (IsRefusal(e))
                {
                    why = "the watch was refused with " + (int)e.StatusCode;
                    refusal = e;
                    break;
                }

                if (!more)
                {
                    why = "the stream ended before the initial-events-end bookmark";
                    break;
                }

                if (_reconnected)
                {
                    // The connection dropped during the initial state: the server starts it over.
                    _reconnected = false;
                    collected.Clear();
                }

                WatchEvent<T> next = watch.Current;
                if (next.Type == WatchEventType.Added)
                {
                    T item = Prepare(next.Object);
                    collected[_store.KeyOf(item)] = item;
                }
                else if (next.Type == WatchEventType.Bookmark && next.IsInitialEventsEnd)
                {
                    Sync(collected, next.ResourceVersion, reason, StreamingMode, started);
                    return watch;
                }
                else
                {
                    why = "a " + next.Type + " event came before the initial-events-end bookmark: sendInitialEvents was ignored";
                    break;
                }
            }
        }
        catch
        {
            await watch.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        await watch.DisposeAsync().ConfigureAwait(false);
        _useStreamingList = false;
        InformerLog.StreamingListFallback(_logger, _name, why, refusal);
        return null;
    }

    /// <summary>A paged list (limit/continue); an expired continue token starts it over from the first page.</summary>
    private async Task ListPagedAsync(string reason, CancellationToken cancellationToken)
    {
        long started = _options.TimeProvider.GetTimestamp();
        for (int attempt = 0; ; attempt++)
        {
            var collected = new Dictionary<ObjectKey, T>();
            string? resourceVersion = null;
            try
            {
                IAsyncEnumerable<ListPage<T>> pages = Pager.EnumeratePagesAsync(
                    (token, ct) => _source.List(new ListRequest(_options.PageSize, token, null, null), ct),
                    static page => page.Continue,
                    null,
                    cancellationToken);
                await foreach (ListPage<T> page in pages.ConfigureAwait(false))
                {
                    // Every page of one list is read at the first page's resourceVersion.
                    resourceVersion ??= page.ResourceVersion;
                    foreach (T item in page.Items)
                    {
                        T prepared = Prepare(item);
                        collected[_store.KeyOf(prepared)] = prepared;
                    }
                }
            }
            catch (ApiException e) when (e.IsExpired && attempt < _options.MaxListRestarts)
            {
                InformerLog.ContinueExpired(_logger, _name);
                continue;
            }

            Sync(collected, resourceVersion, reason, PagedMode, started);
            return;
        }
    }

    /// <summary>Applies watch events to the cache until the watch fails (it resumes by itself after drops).</summary>
    private async Task HandleWatchAsync(IAsyncEnumerator<WatchEvent<T>> watch, CancellationToken cancellationToken)
    {
        while (await watch.MoveNextAsync().ConfigureAwait(false))
        {
            cancellationToken.ThrowIfCancellationRequested();
            WatchEvent<T> next = watch.Current;
            if (next.Type == WatchEventType.Bookmark)
            {
                _store.Advance(next.ResourceVersion);
                continue;
            }

            if (next.Type != WatchEventType.Added && next.Type != WatchEventType.Modified && next.Type != WatchEventType.Deleted)
            {
                InformerLog.UnknownEvent(_logger, _name, next.Type.Value);
                continue;
            }

            T item = Prepare(next.Object);
            lock (_dispatchLock)
            {
                InformerEvent<T>? change = next.Type == WatchEventType.Deleted
                    ? _store.Remove(item, next.ResourceVersion)
                    : _store.Upsert(item, next.ResourceVersion);
                if (change is not null)
                {
                    Dispatch(new InformerBatch<T>(InformerBatchKind.Watch, [change], _store.ResourceVersion));
                }
            }
        }
    }

    /// <summary>Swaps a complete list into the cache and delivers the difference.</summary>
    private void Sync(Dictionary<ObjectKey, T> items, string? resourceVersion, string reason, string mode, long started)
    {
        lock (_dispatchLock)
        {
            bool first = !HasSynced;
            List<InformerEvent<T>> events = _store.Replace(items, resourceVersion);
            Dispatch(new InformerBatch<T>(first ? InformerBatchKind.InitialSync : InformerBatchKind.Relist, events, _store.ResourceVersion));
            _synced.TrySetResult();
        }

        TimeSpan duration = _options.TimeProvider.GetElapsedTime(started);
        _metrics.Relist(reason, mode, duration);
        InformerLog.Synced(_logger, _name, mode, reason, items.Count, resourceVersion, duration);
    }

    /// <summary>Hands a batch to every observer (under the dispatch lock, so observers see batches in order).</summary>
    private void Dispatch(InformerBatch<T> batch)
    {
        foreach (InformerEvent<T> change in batch.Events)
        {
            _metrics.Event(change.Type);
        }

        foreach (IInformerObserver<T> observer in _observers)
        {
            try
            {
                observer.OnBatch(batch);
            }
            catch (Exception e)
            {
                InformerLog.ObserverFailed(_logger, _name, e);
            }
        }
    }

    private T Prepare(T item) => _transform is null ? item : _transform(item, Strings);

    private IAsyncEnumerator<WatchEvent<T>> StartWatch(WatchRequest request, CancellationToken cancellationToken) =>
        _source.Watch(request, cancellationToken).GetAsyncEnumerator(cancellationToken);

    /// <summary>The watch settings of one watch: the caller's, always resuming, with reconnects logged and counted.</summary>
    private WatchOptions WatchOptionsForRun()
    {
        WatchOptions given = _options.Watch ?? new WatchOptions();
        Action<WatchReconnect>? callerHook = given.OnReconnect;
        return new WatchOptions
        {
            Resume = true,
            IdleTimeout = given.IdleTimeout,
            InitialBackoff = given.InitialBackoff,
            MaxBackoff = given.MaxBackoff,
            Jitter = given.Jitter,
            RandomizeServerTimeout = given.RandomizeServerTimeout,
            MinServerTimeout = given.MinServerTimeout,
            MaxConsecutiveFailures = given.MaxConsecutiveFailures,
            TimeProvider = given.TimeProvider,
            OnReconnect = reconnect =>
            {
                _reconnected = true;
                _metrics.Restart(reconnect.Reason);
                InformerLog.WatchRestart(_logger, _name, reconnect.Reason, reconnect.ResourceVersion, reconnect.Exception);
                callerHook?.Invoke(reconnect);
            },
        };
    }

    /// <summary>Answers that mean "this server does not do streaming lists" (not: "you may not", "try later").</summary>
    private static bool IsRefusal(ApiException exception) =>
        exception.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.NotFound or HttpStatusCode.MethodNotAllowed or HttpStatusCode.UnprocessableEntity or HttpStatusCode.NotImplemented;

    private sealed class Unsubscriber(Informer<T> informer, IInformerObserver<T> observer) : IDisposable
    {
        public void Dispose()
        {
            lock (informer._dispatchLock)
            {
                informer._observers.Remove(observer);
            }
        }
    }
}
