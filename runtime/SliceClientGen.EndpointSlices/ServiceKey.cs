namespace SliceClientGen.EndpointSlices;

/// <summary>A Service's identity: its namespace and name (the <c>kubernetes.io/service-name</c> label of its slices).</summary>
/// <param name="Namespace">The namespace.</param>
/// <param name="Name">The Service's name.</param>
public readonly record struct ServiceKey(string Namespace, string Name)
{
    /// <inheritdoc />
    public override string ToString() => Namespace + "/" + Name;
}
