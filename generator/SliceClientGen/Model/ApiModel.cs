using SliceClientGen.Diagnostics;
using SliceClientGen.Helpers;

namespace SliceClientGen.Model;

/// <summary>
/// Everything the emitters need from one OpenAPI document: plain, equatable data (no Roslyn symbols,
/// no syntax, no Microsoft.OpenApi objects) so the incremental pipeline can cache it.
/// </summary>
/// <param name="Target">Where and under which names the code is generated.</param>
/// <param name="Types">One entry per generated type (models and open enums), in deterministic order.</param>
/// <param name="Client">The typed client (operations and default server), or null when none is generated: the document could not be read or its Namespace/ClassName is not valid C#.</param>
/// <param name="Diagnostics">Problems found while reading the document or building the model.</param>
internal sealed record ApiModel(
    DocumentTarget Target,
    EquatableArray<TypeModel> Types,
    ClientModel? Client,
    EquatableArray<DiagnosticInfo> Diagnostics);

/// <summary>Where one document's code goes.</summary>
/// <param name="Namespace">The C# namespace of every generated type.</param>
/// <param name="ClassName">The client class name; also prefixes hint names so documents never clash.</param>
/// <param name="SourceFileName">The document's file name (no directory: output must not depend on the machine).</param>
/// <param name="Title">info.title.</param>
/// <param name="Version">info.version.</param>
internal sealed record DocumentTarget(
    string Namespace,
    string ClassName,
    string SourceFileName,
    string Title,
    string Version);
