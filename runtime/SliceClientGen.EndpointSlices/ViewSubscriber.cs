using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;

namespace SliceClientGen.EndpointSlices;

/// <summary>
/// One subscriber of a <see cref="ServiceEndpointsView"/>: at most one pending change per Service (the newest
/// snapshot), and what the subscriber saw last per Service, so each change it reads goes from what it saw to now.
/// </summary>
internal sealed class ViewSubscriber
{
    private readonly object _lock = new();
    private readonly ServiceKey? _only;
    private readonly Dictionary<ServiceKey, ServiceEndpoints> _seen = new();
    private readonly LinkedList<ServiceKey> _order = new();
    private readonly Dictionary<ServiceKey, ServiceEndpoints?> _pending = new();
    private TaskCompletionSource? _waiter;
    private bool _completed;

    public ViewSubscriber(ServiceKey? only) => _only = only;

    public void Notify(ServiceKey service, ServiceEndpoints? current)
    {
        if (_only is { } only && !only.Equals(service))
        {
            return;
        }

        TaskCompletionSource? wake;
        lock (_lock)
        {
            if (!_pending.ContainsKey(service))
            {
                _order.AddLast(service);
            }

            _pending[service] = current;
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

    public async IAsyncEnumerable<ServiceEndpointsChange> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            ServiceEndpointsChange? change = null;
            Task? wait = null;
            lock (_lock)
            {
                while (change is null && _order.First is { } first)
                {
                    ServiceKey service = first.Value;
                    _order.RemoveFirst();
                    _pending.Remove(service, out ServiceEndpoints? current);
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

                    change = new ServiceEndpointsChange(service, previous, current, ServiceEndpointsDiff.Between(previous, current));
                }

                if (change is null)
                {
                    if (_completed)
                    {
                        yield break;
                    }

                    _waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    wait = _waiter.Task;
                }
            }

            if (change is not null)
            {
                yield return change;
            }
            else
            {
                await wait!.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
