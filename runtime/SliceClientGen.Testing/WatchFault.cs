using System;
using System.Threading.Tasks;

namespace SliceClientGen.Testing;

/// <summary>What a <see cref="WatchFault"/> does once its watch has sent <see cref="WatchFault.AfterEvents"/> events.</summary>
public enum WatchFaultKind
{
    /// <summary>Ends the response cleanly, as a server does at <c>timeoutSeconds</c> or on a restart.</summary>
    End,

    /// <summary>Cuts the connection (no clean end of the chunked body), as a dropped TCP connection or a crashed proxy does.</summary>
    Drop,

    /// <summary>Sends nothing more but keeps the connection open until the client goes away, as a hung proxy does.</summary>
    Stall,

    /// <summary>Sends an <c>ERROR</c> event carrying a Status with <see cref="WatchFault.StatusCode"/>, then ends the stream.</summary>
    Error,

    /// <summary>Answers the watch request itself with <see cref="WatchFault.StatusCode"/> and a Status body instead of a stream (<see cref="WatchFault.AfterEvents"/> is ignored).</summary>
    Reject,
}

/// <summary>
/// A scripted misbehaviour of one watch request, queued with <see cref="ServerFaults.PlanWatch"/>: each watch that starts
/// takes the next plan, in arrival order, and behaves normally until its plan applies. Events are counted as written,
/// initial ADDED events, <c>BOOKMARK</c>s and replayed history included.
/// </summary>
/// <example>
/// <code>
/// server.Faults.PlanWatch(WatchFault.EndAfter(8));         // the first watch ends cleanly after 8 events
/// server.Faults.PlanWatch(WatchFault.DropAfter(2));        // the second loses its connection after 2
/// server.Faults.PlanWatch(WatchFault.Reject(410, "Expired", "too old resource version: 5 (9)"));
/// </code>
/// </example>
public sealed class WatchFault
{
    /// <summary>What happens.</summary>
    public WatchFaultKind Kind { get; init; }

    /// <summary>How many events the watch sends normally first. Default 0.</summary>
    public int AfterEvents { get; init; }

    /// <summary>
    /// When set, the fault waits for this task after the events are sent: a test completes it once its client has
    /// read them (an abort right after a write can discard bytes the client has received but not yet read).
    /// </summary>
    public Task? When { get; init; }

    /// <summary>The HTTP status (and Status <c>code</c>) of <see cref="WatchFaultKind.Error"/> and <see cref="WatchFaultKind.Reject"/>. Default 500.</summary>
    public int StatusCode { get; init; } = 500;

    /// <summary>The Status <c>reason</c>. Default <c>InternalError</c>.</summary>
    public string Reason { get; init; } = "InternalError";

    /// <summary>The Status <c>message</c>.</summary>
    public string Message { get; init; } = "injected watch fault";

    /// <summary>Ends the stream cleanly after <paramref name="events"/> events.</summary>
    public static WatchFault EndAfter(int events) => new() { Kind = WatchFaultKind.End, AfterEvents = NotNegative(events) };

    /// <summary>Cuts the connection after <paramref name="events"/> events (once <paramref name="when"/> completes, if given).</summary>
    public static WatchFault DropAfter(int events, Task? when = null) => new() { Kind = WatchFaultKind.Drop, AfterEvents = NotNegative(events), When = when };

    /// <summary>Goes silent after <paramref name="events"/> events, keeping the connection open.</summary>
    public static WatchFault StallAfter(int events) => new() { Kind = WatchFaultKind.Stall, AfterEvents = NotNegative(events) };

    /// <summary>Sends an ERROR event with this Status after <paramref name="events"/> events, then ends the stream.</summary>
    public static WatchFault ErrorAfter(int events, int statusCode, string reason, string message) =>
        new() { Kind = WatchFaultKind.Error, AfterEvents = NotNegative(events), StatusCode = statusCode, Reason = reason, Message = message };

    /// <summary>Answers the watch request with this status and a Status body (for example 410 Expired, as a server without a watch cache does).</summary>
    public static WatchFault Reject(int statusCode, string reason, string message) =>
        new() { Kind = WatchFaultKind.Reject, StatusCode = statusCode, Reason = reason, Message = message };

    private static int NotNegative(int events) => events >= 0 ? events : throw new ArgumentOutOfRangeException(nameof(events), events, "A number of events is not negative.");
}
