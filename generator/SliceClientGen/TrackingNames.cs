namespace SliceClientGen;

/// <summary>Names of the generator's tracked pipeline steps (tests assert their run reasons).</summary>
internal static class TrackingNames
{
    /// <summary>OpenApiClient items: document text and metadata.</summary>
    public const string Input = nameof(Input);

    /// <summary>The equatable model built from one document.</summary>
    public const string Model = nameof(Model);

    /// <summary>One entry per generated type, so each type's files cache on their own.</summary>
    public const string Types = nameof(Types);

    /// <summary>The diagnostics of one document.</summary>
    public const string Diagnostics = nameof(Diagnostics);

    /// <summary>The client of one document (operations and default server).</summary>
    public const string Client = nameof(Client);
}
