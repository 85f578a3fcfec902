using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace SliceClientGen.Runtime.Informers;

/// <summary>
/// One subscriber's buffer. It holds at most one pending event per object: while the subscriber keeps up it sees
/// every event in order; when it falls behind, the events of an object it has not read yet merge into the net change
/// since it last read (Added then Updated is Added with the newest state, Added then Deleted is nothing, Updated
/// then Updated keeps the oldest old state, Deleted then Added is Updated). So a slow subscriber never stalls the
/// informer or the other subscribers, never reads an outdated state, and its buffer never outgrows the cache.
/// </summary>
internal sealed class InformerSubscriber<T> : IInformerObserver<T>
    where T : class
{
    private readonly object _lock = new();
    private readonly System.Func<T, ObjectKey> _keyOf;
    private readonly IEqualityComparer<T> _comparer;
    private readonly LinkedList<(ObjectKey Key, InformerEvent<T> Event)> _order = new();
    private readonly Dictionary<ObjectKey, LinkedListNode<(ObjectKey Key, InformerEvent<T> Event)>> _pending = new();
    private TaskCompletionSource? _waiter;
    private bool _completed;

    public InformerSubscriber(System.Func<T, ObjectKey> keyOf, IEqualityComparer<T> comparer)
    {
        _keyOf = keyOf;
        _comparer = comparer;
    }

    /// <summary>Events waiting to be read.</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
            {
                return _order.Count;
            }
        }
    }

    public void OnBatch(InformerBatch<T> batch)
    {
        TaskCompletionSource? wake;
        lock (_lock)
        {
            foreach (InformerEvent<T> next in batch.Events)
            {
                Enqueue(next);
            }

            wake = _waiter;
            _waiter = null;
        }

        wake?.TrySetResult();
    }

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

    public async IAsyncEnumerable<InformerEvent<T>> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            InformerEvent<T>? next = null;
            Task? wait = null;
            lock (_lock)
            {
                if (_order.First is { } first)
                {
                    _order.RemoveFirst();
                    _pending.Remove(first.Value.Key);
                    next = first.Value.Event;
                }
                else if (_completed)
                {
                    yield break;
                }
                else
                {
                    _waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    wait = _waiter.Task;
                }
            }

            if (next is not null)
            {
                yield return next;
            }
            else
            {
                await wait!.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }

    private void Enqueue(InformerEvent<T> next)
    {
        ObjectKey key = _keyOf(next.Object);
        if (!_pending.TryGetValue(key, out LinkedListNode<(ObjectKey Key, InformerEvent<T> Event)>? node))
        {
            _pending[key] = _order.AddLast((key, next));
            return;
        }

        InformerEvent<T>? merged = Merge(node.Value.Event, next);
        if (merged is null)
        {
            _order.Remove(node);
            _pending.Remove(key);
        }
        else
        {
            node.Value = (key, merged);
        }
    }

    private InformerEvent<T>? Merge(InformerEvent<T> unread, InformerEvent<T> next) => (unread.Type, next.Type) switch
    {
        (InformerEventType.Added, InformerEventType.Updated) => new InformerEvent<T>(InformerEventType.Added, next.Object),
        (InformerEventType.Added, InformerEventType.Deleted) => null,
        (InformerEventType.Updated, InformerEventType.Updated) => _comparer.Equals(unread.OldObject!, next.Object)
            ? null
            : new InformerEvent<T>(InformerEventType.Updated, next.Object, unread.OldObject),
        (InformerEventType.Updated, InformerEventType.Deleted) => new InformerEvent<T>(InformerEventType.Deleted, next.Object, IsFinalStateUnknown: next.IsFinalStateUnknown),
        (InformerEventType.Deleted, InformerEventType.Added) => new InformerEvent<T>(InformerEventType.Updated, next.Object, unread.Object),
        _ => next,
    };
}
