namespace SliceClientGen.Testing.Storage;

/// <summary>One write in the history: what a watch replays and streams.</summary>
/// <param name="Type">ADDED, MODIFIED or DELETED.</param>
/// <param name="Revision">The resource version of the write.</param>
/// <param name="Object">The object after the write; for DELETED, its last state at the delete's resource version.</param>
/// <param name="Previous">The object before the write (null for ADDED), so filtered watches see objects enter and leave.</param>
internal sealed record WatchRecord(string Type, long Revision, StoredObject Object, StoredObject? Previous);
