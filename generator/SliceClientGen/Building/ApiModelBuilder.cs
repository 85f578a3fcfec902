using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.OpenApi;
using SliceClientGen.Diagnostics;
using SliceClientGen.Emitting;
using SliceClientGen.Helpers;
using SliceClientGen.Model;
using SliceClientGen.Reading;

namespace SliceClientGen.Building;

/// <summary>One OpenApiClient item → <see cref="ApiModel"/>: reads the document and builds the equatable model.</summary>
internal static class ApiModelBuilder
{
    /// <summary>
    /// Builds the model; as a last resort, any exception the generator throws becomes SCG0011 at the document
    /// (a generator that throws loses every file it would have added, with only a compiler warning to say so).
    /// </summary>
    public static ApiModel Build(OpenApiFileInput input, CancellationToken cancellationToken)
    {
        try
        {
            return BuildModel(input, cancellationToken);
        }
        catch (System.Exception ex) when (ex is not System.OperationCanceledException)
        {
            string fileName = Path.GetFileName(input.Path);
            var target = new DocumentTarget(
                input.Namespace ?? input.RootNamespace ?? "Generated",
                input.ClassName ?? DefaultClassName(Path.GetFileNameWithoutExtension(fileName)),
                fileName,
                fileName,
                string.Empty);
            var location = new LocationInfo(input.Path, new Microsoft.CodeAnalysis.Text.TextSpan(0, 0), default);
            DiagnosticInfo failure = DiagnosticInfo.Create(DiagnosticDescriptors.GeneratorFailure, location, fileName, "/", ex.GetType().Name + ": " + ex.Message);
            return new ApiModel(target, EquatableArray<TypeModel>.Empty, null, new EquatableArray<DiagnosticInfo>(new[] { failure }));
        }
    }

    private static ApiModel BuildModel(OpenApiFileInput input, CancellationToken cancellationToken)
    {
        string fileName = Path.GetFileName(input.Path);
        OpenApiDocumentReader.Result read = OpenApiDocumentReader.Read(input.Path, input.Text);
        var diagnostics = new List<DiagnosticInfo>(read.Diagnostics);
        (DocumentTarget target, bool validTarget) = BuildTarget(input, fileName, read.Document, read.Map, diagnostics);
        if (read.Document is null || !validTarget)
        {
            // No client for a document that could not be read or whose Namespace/ClassName is not valid C#.
            return new ApiModel(target, EquatableArray<TypeModel>.Empty, null, diagnostics.ToEquatableArray());
        }

        var names = new TypeNameRegistry(read.Map, diagnostics);
        names.Reserve(target.ClassName, "the client class");
        names.Reserve(GeneratedNames.ServiceCollectionExtensions(target.ClassName), "the client's registration class");
        names.Reserve(GeneratedNames.ClientPlumbing(target.ClassName), "the client's plumbing class");
        foreach (string reserved in NameScope.ReservedTypeNames)
        {
            names.Reserve(reserved, "a name the generated code uses");
        }
        var schemas = new SchemaModelBuilder(read.Document, read.Map, diagnostics, names, cancellationToken);
        schemas.BuildComponents();
        ClientModel built = new OperationModelBuilder(read.Document, read.Map, diagnostics, schemas, cancellationToken)
            .Build(NameScope.ForClientMembers());
        (IReadOnlyList<TypeModel> types, ClientModel client) = schemas.ShareInlineCopies(built);

        return new ApiModel(
            target,
            types.OrderBy(t => t.Name, System.StringComparer.Ordinal).ToEquatableArray(),
            client,
            diagnostics.ToEquatableArray());
    }

    /// <summary>Where the code goes, and whether Namespace and ClassName are valid C# (SCG0005/SCG0006 otherwise).</summary>
    private static (DocumentTarget Target, bool Valid) BuildTarget(OpenApiFileInput input, string fileName, OpenApiDocument? document, SourceMap map, List<DiagnosticInfo> diagnostics)
    {
        string title = document?.Info?.Title ?? Path.GetFileNameWithoutExtension(fileName);
        string version = document?.Info?.Version ?? string.Empty;

        string ns = input.Namespace ?? input.RootNamespace ?? Identifiers.ToPascalCase(Path.GetFileNameWithoutExtension(fileName), "Generated");
        bool valid = true;
        if (!Identifiers.IsValidNamespace(ns))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidNamespace, map.Locate(null), ns, fileName));
            valid = false;
        }

        string className = input.ClassName ?? DefaultClassName(title);
        if (!Identifiers.IsValidIdentifier(className))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidClassName, map.Locate(null), className, fileName));
            valid = false;
        }
        else if (NameScope.IsReservedTypeName(className))
        {
            // The models spell these types unqualified (JsonElement, Utf8JsonWriter, …): a class of that name in the
            // same namespace would capture every use. The client files qualify what the client's name captures.
            string renamed = className + "Client";
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ClassNameRenamed, map.Locate(null), className, fileName, NameScope.DescribeReservedTypeName(className), renamed));
            className = renamed;
        }

        return (new DocumentTarget(ns, className, fileName, title, version), valid);
    }

    /// <summary><c>Kubernetes EndpointSlices API</c> → <c>KubernetesEndpointSlicesApiClient</c>.</summary>
    internal static string DefaultClassName(string title)
    {
        string name = Identifiers.ToPascalCase(title, "Api").TrimStart('@');
        return name.EndsWith("Client", System.StringComparison.Ordinal) ? name : name + "Client";
    }
}
