using System;
using System.ComponentModel;
using System.Linq;

namespace SliceClientGen.Runtime.Http;

/// <summary>
/// The patch formats one PATCH operation's document declares, and the one its generated method sends by default:
/// turns the caller's <see cref="PatchType"/> into the Content-Type, refusing one the operation does not declare
/// before anything is sent. Generated clients hold one immutable instance per such operation.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)] // Plumbing for generated code; users pass a PatchType.
public sealed class PatchFormats
{
    private readonly string _operationId;
    private readonly PatchType _default;
    private readonly PatchType[] _accepted;

    /// <summary>Describes an operation's declared formats.</summary>
    /// <param name="operationId">The operation, for the error message.</param>
    /// <param name="defaultType">The format sent when the caller names none.</param>
    /// <param name="accepted">The formats the document declares for the body.</param>
    public PatchFormats(string operationId, PatchType defaultType, params PatchType[] accepted)
    {
        _operationId = operationId ?? throw new ArgumentNullException(nameof(operationId));
        _default = defaultType;
        _accepted = accepted ?? throw new ArgumentNullException(nameof(accepted));
    }

    /// <summary>The Content-Type of a patch type.</summary>
    /// <param name="type">The patch type.</param>
    /// <returns>Its media type, such as <c>application/merge-patch+json</c>.</returns>
    public static string MediaTypeOf(PatchType type) => type switch
    {
        PatchType.MergePatch => "application/merge-patch+json",
        PatchType.StrategicMergePatch => "application/strategic-merge-patch+json",
        PatchType.JsonPatch => "application/json-patch+json",
        PatchType.ApplyPatch => "application/apply-patch+yaml",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "Unknown patch type."),
    };

    /// <summary>The Content-Type to send the body with.</summary>
    /// <param name="requested">The caller's choice, or null for the operation's default.</param>
    /// <returns>The media type.</returns>
    /// <exception cref="ArgumentException">The operation does not declare <paramref name="requested"/>.</exception>
    public string MediaType(PatchType? requested)
    {
        PatchType type = requested ?? _default;
        if (Array.IndexOf(_accepted, type) < 0)
        {
            throw new ArgumentException(
                "The operation '" + _operationId + "' does not accept " + type + " (" + MediaTypeOf(type) + "); its document declares " + string.Join(", ", _accepted.Select(a => a + " (" + MediaTypeOf(a) + ")")) + ".",
                "patchType");
        }

        return MediaTypeOf(type);
    }
}
