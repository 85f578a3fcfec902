using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace SliceClientGen.Runtime.Informers;

/// <summary>
/// A queue with at most one pending item per key, for one reader that may fall behind its writer: a write for a key
/// that is still unread merges into the pending item (in its place in the queue) instead of queuing another, so the
/// queue never holds more items than there are keys and a slow reader never stalls the writer. Informer
/// subscriptions and the per-Service view's subscriptions are built on it.
/// </summary>
/// <typeparam name="TKey">What items are merged by (an object, a Service).</typeparam>
/// <typeparam name="TValue">The items.</typeparam>
public sealed class CoalescingQueue<TKey, TValue>
    where TKey : notnull
{
    private readonly object _lock = new();
    private readonly Func<TValue, TValue, Merged<TValue>> _merge;
    private readonly LinkedList<KeyValuePair<TKey, TValue>> _order = new();
    private readonly Dictionary<TKey, LinkedListNode<KeyValuePair<TKey, TValue>>> _pending;
    private TaskCompletionSource? _waiter;
    private bool _completed;

    /// <summary>Creates the queue.</summary>
    /// <param name="merge">Merges an unread item with a newer one for the same key; <see cref="Merged{T}.Nothing"/> drops both (the changes cancel out).</param>
    /// <param name="comparer">Compares keys; null for the default.</param>
    public CoalescingQueue(Func<TValue, TValue, Merged<TValue>> merge, IEqualityComparer<TKey>? comparer = null)
    {
        _merge = merge ?? throw new ArgumentNullException(nameof(merge));
        _pending = new Dictionary<TKey, LinkedListNode<KeyValuePair<TKey, TValue>>>(comparer);
    }

    /// <summary>Items waiting to be read.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _order.Count;
            }
        }
    }

    /// <summary>Queues an item, or merges it into the unread item of the same key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="value">The item.</param>
    public void Write(TKey key, TValue value)
    {
        TaskCompletionSource? wake;
        lock (_lock)
        {
            if (!_pending.TryGetValue(key, out LinkedListNode<KeyValuePair<TKey, TValue>>? node))
            {
                _pending[key] = _order.AddLast(new KeyValuePair<TKey, TValue>(key, value));
            }
            else if (_merge(node.Value.Value, value) is { HasValue: true } merged)
            {
                node.Value = new KeyValuePair<TKey, TValue>(key, merged.Value);
            }
            else
            {
                _order.Remove(node);
                _pending.Remove(key);
            }

            wake = _waiter;
            _waiter = null;
        }

        wake?.TrySetResult();
    }

    /// <summary>Ends the reader's enumeration once the pending items are read.</summary>
    public void Complete()
    {
        TaskCompletionSource? wake;
        lock (_lock)
        {
            _completed = true;
            wake = _waiter;
            _waiter = null;
        }

        wake?.TrySetResult();
    }

    /// <summary>Reads items as they come, oldest first, until <see cref="Complete"/> (one reader at a time).</summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>The items with their keys.</returns>
    public async IAsyncEnumerable<KeyValuePair<TKey, TValue>> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (true)
        {
            KeyValuePair<TKey, TValue>? next = null;
            Task? wait = null;
            lock (_lock)
            {
                if (_order.First is { } first)
                {
                    _order.RemoveFirst();
                    _pending.Remove(first.Value.Key);
                    next = first.Value;
                }
                else if (!_completed)
                {
                    _waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    wait = _waiter.Task;
                }
            }

            if (next is { } item)
            {
                yield return item;
            }
            else if (wait is null)
            {
                yield break;
            }
            else
            {
                await wait.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}

/// <summary>The result of merging two queued items: one item, or nothing.</summary>
/// <typeparam name="T">The item type.</typeparam>
public readonly struct Merged<T>
{
    private Merged(T value)
    {
        Value = value;
        HasValue = true;
    }

    /// <summary>True when the merge left an item.</summary>
    public bool HasValue { get; }

    /// <summary>The merged item.</summary>
    public T Value { get; }

    /// <summary>The changes cancel out: no item is left.</summary>
    public static Merged<T> Nothing => default;

    /// <summary>The merged item.</summary>
    /// <param name="value">The item.</param>
    /// <returns>The result.</returns>
    public static Merged<T> Item(T value) => new(value);
}
