using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using SliceClientGen.Runtime.Informers;

namespace SliceClientGen.EndpointSlices;

/// <summary>
/// One subscriber of a <see cref="ServiceEndpointsView"/>: a <see cref="CoalescingQueue{TKey, TValue}"/> holding the
/// newest snapshot per Service (null: gone), and what the subscriber saw last per Service, so each change it reads
/// goes from what it saw to now.
/// </summary>
internal sealed class ViewSubscriber
{
    private readonly ServiceKey? _only;
    private readonly Dictionary<ServiceKey, ServiceEndpoints> _seen = new();
    private readonly CoalescingQueue<ServiceKey, ServiceEndpoints?> _queue = new(static (_, newer) => Merged<ServiceEndpoints?>.Item(newer));

    public ViewSubscriber(ServiceKey? only) => _only = only;

    public void Notify(ServiceKey service, ServiceEndpoints? current)
    {
        if (_only is not { } only || only.Equals(service))
        {
            _queue.Write(service, current);
        }
    }

    public void Complete() => _queue.Complete();

    public async IAsyncEnumerable<ServiceEndpointsChange> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (KeyValuePair<ServiceKey, ServiceEndpoints?> next in _queue.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            (ServiceKey service, ServiceEndpoints? current) = (next.Key, next.Value);
            _seen.TryGetValue(service, out ServiceEndpoints? previous);
            if (current is null ? previous is null : current.Equals(previous))
            {
                continue; // The change reverted itself before it was read.
            }

            if (current is null)
            {
                _seen.Remove(service);
            }
            else
            {
                _seen[service] = current;
            }

            yield return new ServiceEndpointsChange(service, previous, current, ServiceEndpointsDiff.Between(previous, current));
        }
    }
}
