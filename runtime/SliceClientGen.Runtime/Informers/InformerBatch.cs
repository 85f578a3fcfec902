using System;
using System.Collections.Generic;

namespace SliceClientGen.Runtime.Informers;

/// <summary>Why an informer delivers a batch of changes.</summary>
public enum InformerBatchKind
{
    /// <summary>The current state, replayed to an observer that joined after the cache was filled.</summary>
    Replay,

    /// <summary>The first complete list: every object, as Added.</summary>
    InitialSync,

    /// <summary>A relist (after 410 Gone or an error): the difference between the old cache and the new list.</summary>
    Relist,

    /// <summary>One watch event.</summary>
    Watch,
}

/// <summary>
/// Changes that an informer applied to its cache together: after the batch the cache is the collection's state at
/// <see cref="ResourceVersion"/>. Observers (<see cref="Informer{T}.Observe(IInformerObserver{T})"/>) receive whole batches, in order.
/// </summary>
/// <typeparam name="T">The item model.</typeparam>
public sealed class InformerBatch<T>
    where T : class
{
    internal InformerBatch(InformerBatchKind kind, IReadOnlyList<InformerEvent<T>> events, string? resourceVersion)
    {
        Kind = kind;
        Events = events;
        ResourceVersion = resourceVersion;
    }

    /// <summary>Why the batch was delivered.</summary>
    public InformerBatchKind Kind { get; }

    /// <summary>The changes, in the order they were applied (may be empty: a resync that found no difference).</summary>
    public IReadOnlyList<InformerEvent<T>> Events { get; }

    /// <summary>The resourceVersion of the cache after the batch.</summary>
    public string? ResourceVersion { get; }
}

/// <summary>
/// Receives an informer's batches synchronously, in order, on the informer's loop, right after the cache applied
/// them: for derived caches (such as a per-Service view) that must match the cache at each resourceVersion.
/// Keep it fast and non-blocking: the informer waits for it. An exception is logged and does not stop the informer.
/// </summary>
/// <typeparam name="T">The item model.</typeparam>
public interface IInformerObserver<T>
    where T : class
{
    /// <summary>Applies one batch.</summary>
    /// <param name="batch">The changes.</param>
    void OnBatch(InformerBatch<T> batch);
}

internal sealed class DelegateObserver<T>(Action<InformerBatch<T>> onBatch) : IInformerObserver<T>
    where T : class
{
    public void OnBatch(InformerBatch<T> batch) => onBatch(batch);
}
