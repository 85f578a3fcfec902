using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace SliceClientGen.Runtime.Informers;

/// <summary>
/// One subscriber's buffer: a <see cref="CoalescingQueue{TKey, TValue}"/> of events by object. While the subscriber
/// keeps up it sees every event in order; when it falls behind, the events of an object it has not read yet merge
/// into the net change since it last read (Added then Updated is Added with the newest state, Added then Deleted is
/// nothing, Updated then Updated keeps the oldest old state, Deleted then Added is Updated). So a slow subscriber never
/// stalls the informer or the other subscribers, never reads an outdated state, and its buffer never outgrows the cache.
/// </summary>
internal sealed class InformerSubscriber<T> : IInformerObserver<T>
    where T : class
{
    private readonly System.Func<T, ObjectKey> _keyOf;
    private readonly IEqualityComparer<T> _comparer;
    private readonly CoalescingQueue<ObjectKey, InformerEvent<T>> _queue;

    public InformerSubscriber(System.Func<T, ObjectKey> keyOf, IEqualityComparer<T> comparer)
    {
        _keyOf = keyOf;
        _comparer = comparer;
        _queue = new CoalescingQueue<ObjectKey, InformerEvent<T>>(Merge);
    }

    public void OnBatch(InformerBatch<T> batch)
    {
        foreach (InformerEvent<T> next in batch.Events)
        {
            _queue.Write(_keyOf(next.Object), next);
        }
    }

    public void Complete() => _queue.Complete();

    public async IAsyncEnumerable<InformerEvent<T>> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (KeyValuePair<ObjectKey, InformerEvent<T>> next in _queue.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return next.Value;
        }
    }

    private Merged<InformerEvent<T>> Merge(InformerEvent<T> unread, InformerEvent<T> next) => (unread.Type, next.Type) switch
    {
        (InformerEventType.Added, InformerEventType.Updated) => Merged<InformerEvent<T>>.Item(new InformerEvent<T>(InformerEventType.Added, next.Object)),
        (InformerEventType.Added, InformerEventType.Deleted) => Merged<InformerEvent<T>>.Nothing,
        (InformerEventType.Updated, InformerEventType.Updated) => _comparer.Equals(unread.OldObject!, next.Object)
            ? Merged<InformerEvent<T>>.Nothing
            : Merged<InformerEvent<T>>.Item(new InformerEvent<T>(InformerEventType.Updated, next.Object, unread.OldObject)),
        (InformerEventType.Updated, InformerEventType.Deleted) => Merged<InformerEvent<T>>.Item(new InformerEvent<T>(InformerEventType.Deleted, next.Object, IsFinalStateUnknown: next.IsFinalStateUnknown)),
        (InformerEventType.Deleted, InformerEventType.Added) => Merged<InformerEvent<T>>.Item(new InformerEvent<T>(InformerEventType.Updated, next.Object, unread.Object)),
        _ => Merged<InformerEvent<T>>.Item(next),
    };
}
