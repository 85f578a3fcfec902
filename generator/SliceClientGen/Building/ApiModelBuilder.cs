using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using Microsoft.OpenApi;
using SliceClientGen.Diagnostics;
using SliceClientGen.Helpers;
using SliceClientGen.Model;
using SliceClientGen.Reading;

namespace SliceClientGen.Building;

/// <summary>One OpenApiClient item → <see cref="ApiModel"/>: reads the document and builds the equatable model.</summary>
internal static class ApiModelBuilder
{
    public static ApiModel Build(OpenApiFileInput input, CancellationToken cancellationToken)
    {
        string fileName = Path.GetFileName(input.Path);
        OpenApiDocumentReader.Result read = OpenApiDocumentReader.Read(input.Path, input.Text);
        var diagnostics = new List<DiagnosticInfo>(read.Diagnostics);
        DocumentTarget target = BuildTarget(input, fileName, read.Document, read.Map, diagnostics);
        if (read.Document is null || diagnostics.Any(d => d.Id is "SCG0005" or "SCG0006"))
        {
            return new ApiModel(target, EquatableArray<TypeModel>.Empty, ClientModel.Empty, diagnostics.ToEquatableArray());
        }

        var names = new TypeNameRegistry(read.Map, diagnostics);
        names.Reserve(target.ClassName, "the client class");
        names.Reserve(target.ClassName + "ServiceCollectionExtensions", "the client's registration class");
        foreach (string reserved in NameScope.ReservedTypeNames)
        {
            names.Reserve(reserved, "a name the generated code uses");
        }
        var schemas = new SchemaModelBuilder(read.Document, read.Map, diagnostics, names, cancellationToken);
        schemas.BuildComponents();
        ClientModel client = new OperationModelBuilder(read.Document, read.Map, diagnostics, schemas, cancellationToken)
            .Build(NameScope.ForClientMembers());

        return new ApiModel(
            target,
            schemas.Types.OrderBy(t => t.Name, System.StringComparer.Ordinal).ToEquatableArray(),
            client,
            diagnostics.ToEquatableArray());
    }

    private static DocumentTarget BuildTarget(OpenApiFileInput input, string fileName, OpenApiDocument? document, SourceMap map, List<DiagnosticInfo> diagnostics)
    {
        string title = document?.Info?.Title ?? Path.GetFileNameWithoutExtension(fileName);
        string version = document?.Info?.Version ?? string.Empty;

        string ns = input.Namespace ?? input.RootNamespace ?? Identifiers.ToPascalCase(Path.GetFileNameWithoutExtension(fileName), "Generated");
        if (!Identifiers.IsValidNamespace(ns))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidNamespace, map.Locate(null), ns, fileName));
        }

        string className = input.ClassName ?? DefaultClassName(title);
        if (!Identifiers.IsValidIdentifier(className))
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.InvalidClassName, map.Locate(null), className, fileName));
        }

        return new DocumentTarget(ns, className, fileName, title, version);
    }

    /// <summary><c>Kubernetes EndpointSlices API</c> → <c>KubernetesEndpointSlicesApiClient</c>.</summary>
    internal static string DefaultClassName(string title)
    {
        string name = Identifiers.ToPascalCase(title, "Api").TrimStart('@');
        return name.EndsWith("Client", System.StringComparison.Ordinal) ? name : name + "Client";
    }
}
