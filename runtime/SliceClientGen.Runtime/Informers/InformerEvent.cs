namespace SliceClientGen.Runtime.Informers;

/// <summary>What happened to an object in an informer's cache.</summary>
public enum InformerEventType
{
    /// <summary>The object appeared (or, for a new subscriber, exists).</summary>
    Added,

    /// <summary>The object changed: <see cref="InformerEvent{T}.OldObject"/> is the previous state.</summary>
    Updated,

    /// <summary>The object is gone: <see cref="InformerEvent{T}.Object"/> is its last known state.</summary>
    Deleted,
}

/// <summary>One change of an informer's cache.</summary>
/// <typeparam name="T">The item model.</typeparam>
/// <param name="Type">Added, Updated or Deleted.</param>
/// <param name="Object">The new state; for Deleted, the last known state.</param>
/// <param name="OldObject">For Updated, the previous state; otherwise null.</param>
/// <param name="IsFinalStateUnknown">
/// For Deleted: the delete was found by a relist (the watch was disconnected when it happened), so
/// <see cref="Object"/> is the last state the informer saw, not the state the object was deleted in
/// (client-go's <c>DeletedFinalStateUnknown</c>).
/// </param>
public sealed record InformerEvent<T>(InformerEventType Type, T Object, T? OldObject = null, bool IsFinalStateUnknown = false)
    where T : class;
