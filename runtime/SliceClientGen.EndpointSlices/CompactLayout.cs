using System;
using SliceClientGen.Runtime.Serialization;

namespace SliceClientGen.EndpointSlices;

// The hand-written half of three generated models: whether a compact endpoint record (CompactEndpoints) reproduces
// the model exactly, read from its wire layout (which properties are present, whether unknown members are kept)
// instead of building the record's endpoint and comparing. Nothing is allocated. The record sets a property exactly
// when it has a value, so a property present with null (an explicit null) or one the record does not hold makes the
// model one to keep as read. Property indexes come from the generated converters' shapes, by JSON name.

/// <content>Whether a compact record reproduces this endpoint.</content>
public sealed partial class Endpoint
{
    private static readonly int ConditionsIndex = CompactLayout.IndexOf(JsonConverter.Shape, "conditions");
    private static readonly int DeprecatedTopologyIndex = CompactLayout.IndexOf(JsonConverter.Shape, "deprecatedTopology");
    private static readonly int HintsIndex = CompactLayout.IndexOf(JsonConverter.Shape, "hints");
    private static readonly int HostnameIndex = CompactLayout.IndexOf(JsonConverter.Shape, "hostname");
    private static readonly int NodeNameIndex = CompactLayout.IndexOf(JsonConverter.Shape, "nodeName");
    private static readonly int TargetRefIndex = CompactLayout.IndexOf(JsonConverter.Shape, "targetRef");
    private static readonly int ZoneIndex = CompactLayout.IndexOf(JsonConverter.Shape, "zone");

    /// <summary>
    /// True when this endpoint carries nothing a compact record leaves out, the conditions and targetRef aside (they
    /// answer for themselves): no unknown members, no hints or deprecatedTopology (not even as null), and conditions,
    /// hostname, nodeName, targetRef and zone each present exactly when not null. The addresses are the caller's
    /// (exactly one).
    /// </summary>
    internal bool HasCompactLayout =>
        _wire.UnknownMemberCount == 0
        && !_wire.IsPresent(DeprecatedTopologyIndex)
        && !_wire.IsPresent(HintsIndex)
        && _wire.IsPresent(ConditionsIndex) == Conditions is not null
        && _wire.IsPresent(HostnameIndex) == Hostname is not null
        && _wire.IsPresent(NodeNameIndex) == NodeName is not null
        && _wire.IsPresent(TargetRefIndex) == TargetRef is not null
        && _wire.IsPresent(ZoneIndex) == Zone is not null;
}

/// <content>Whether a compact record reproduces these conditions.</content>
public sealed partial class EndpointConditions
{
    private static readonly int ReadyIndex = CompactLayout.IndexOf(JsonConverter.Shape, "ready");
    private static readonly int ServingIndex = CompactLayout.IndexOf(JsonConverter.Shape, "serving");
    private static readonly int TerminatingIndex = CompactLayout.IndexOf(JsonConverter.Shape, "terminating");

    /// <summary>True when there are no unknown members and ready, serving and terminating are each present exactly when set.</summary>
    internal bool HasCompactLayout =>
        _wire.UnknownMemberCount == 0
        && _wire.IsPresent(ReadyIndex) == Ready.HasValue
        && _wire.IsPresent(ServingIndex) == Serving.HasValue
        && _wire.IsPresent(TerminatingIndex) == Terminating.HasValue;
}

/// <content>Whether a compact record reproduces this reference.</content>
public sealed partial class ObjectReference
{
    private static readonly int ApiVersionIndex = CompactLayout.IndexOf(JsonConverter.Shape, "apiVersion");
    private static readonly int FieldPathIndex = CompactLayout.IndexOf(JsonConverter.Shape, "fieldPath");
    private static readonly int KindIndex = CompactLayout.IndexOf(JsonConverter.Shape, "kind");
    private static readonly int NameIndex = CompactLayout.IndexOf(JsonConverter.Shape, "name");
    private static readonly int NamespaceIndex = CompactLayout.IndexOf(JsonConverter.Shape, "namespace");
    private static readonly int ResourceVersionIndex = CompactLayout.IndexOf(JsonConverter.Shape, "resourceVersion");
    private static readonly int UidIndex = CompactLayout.IndexOf(JsonConverter.Shape, "uid");

    /// <summary>
    /// True when there are no unknown members, no apiVersion, fieldPath or resourceVersion (not even as null), and
    /// kind, name, namespace and uid are each present exactly when not null.
    /// </summary>
    internal bool HasCompactLayout =>
        _wire.UnknownMemberCount == 0
        && !_wire.IsPresent(ApiVersionIndex)
        && !_wire.IsPresent(FieldPathIndex)
        && !_wire.IsPresent(ResourceVersionIndex)
        && _wire.IsPresent(KindIndex) == Kind is not null
        && _wire.IsPresent(NameIndex) == Name is not null
        && _wire.IsPresent(NamespaceIndex) == Namespace is not null
        && _wire.IsPresent(UidIndex) == Uid is not null;
}

/// <summary>Shared by the <c>HasCompactLayout</c> checks.</summary>
internal static class CompactLayout
{
    /// <summary>The index of the property named <paramref name="name"/> in <paramref name="shape"/>.</summary>
    /// <exception cref="InvalidOperationException">The model has no such property (the document changed).</exception>
    public static int IndexOf(JsonObjectShape shape, string name)
    {
        ReadOnlySpan<JsonPropertyShape> properties = shape.Properties;
        for (int i = 0; i < properties.Length; i++)
        {
            if (properties[i].Name == name)
            {
                return i;
            }
        }

        throw new InvalidOperationException($"The generated {shape.TypeName} has no property '{name}' that the compact endpoint record expects.");
    }
}
