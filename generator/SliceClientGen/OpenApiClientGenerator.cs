using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using SliceClientGen.Building;
using SliceClientGen.Diagnostics;
using SliceClientGen.Emitting;
using SliceClientGen.Helpers;
using SliceClientGen.Model;
using SliceClientGen.Reading;

namespace SliceClientGen;

/// <summary>
/// Generates models, converters and clients from the OpenAPI documents listed as <c>OpenApiClient</c>
/// items. The pipeline only wires steps together: reading (Reading/), the equatable model (Building/,
/// Model/) and emitting (Emitting/) live in their own files.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class OpenApiClientGenerator : IIncrementalGenerator
{
    /// <inheritdoc />
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<OpenApiFileInput> inputs = context.AdditionalTextsProvider
            .Combine(context.AnalyzerConfigOptionsProvider)
            .Select(static (pair, cancellationToken) => OpenApiFileInput.TryCreate(pair.Left, pair.Right, cancellationToken))
            .Where(static input => input is not null)
            .Select(static (input, _) => input!)
            .WithTrackingName(TrackingNames.Input);

        IncrementalValuesProvider<ApiModel> models = inputs
            .Select(static (input, cancellationToken) => ApiModelBuilder.Build(input, cancellationToken))
            .WithTrackingName(TrackingNames.Model);

        IncrementalValuesProvider<EquatableArray<DiagnosticInfo>> diagnostics = models
            .Select(static (model, _) => model.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics);
        context.RegisterSourceOutput(diagnostics, static (output, items) =>
        {
            foreach (DiagnosticInfo diagnostic in items)
            {
                output.ReportDiagnostic(diagnostic.ToDiagnostic());
            }
        });

        // The file names two documents both claim (their targets overlap): hint names must be unique across the
        // generator's whole output, and a second claim would drop all of it. Unchanged unless a document's files change.
        IncrementalValueProvider<EquatableArray<FileClash>> clashes = models
            .Select(static (model, _) => FileClaims(model))
            .Collect()
            .Select(static (claims, _) => FindClashes(claims));
        context.RegisterSourceOutput(clashes, static (output, items) => ReportClashes(output, items));

        IncrementalValuesProvider<TypeOutput> types = models
            .SelectMany(static (model, _) => ToTypeOutputs(model))
            .WithTrackingName(TrackingNames.Types);
        context.RegisterSourceOutput(types.Combine(clashes), static (output, pair) => Emit(output, pair.Left, pair.Right));

        IncrementalValuesProvider<ClientOutput> clients = models
            .Where(static model => model.Client is not null)
            .Select(static (model, _) => new ClientOutput(model.Target, model.Client!, model.Types.Select(t => t.Name).ToEquatableArray()))
            .WithTrackingName(TrackingNames.Client);
        context.RegisterSourceOutput(clients.Combine(clashes), static (output, pair) =>
        {
            ClientOutput item = pair.Left;
            AddSource(output, pair.Right, item.Target, ClientHintName(item.Target), () => ClientEmitter.Emit(item.Target, item.Client, item.TypeNames));
            AddSource(output, pair.Right, item.Target, RegistrationHintName(item.Target), () => ServiceCollectionEmitter.Emit(item.Target, item.TypeNames));
        });
    }

    /// <summary>Every file one document generates, by hint name.</summary>
    private static DocumentFiles FileClaims(ApiModel model)
    {
        var names = model.Types.Select(type => TypeHintName(model.Target, type.Name)).ToList();
        if (model.Client is not null)
        {
            names.Add(ClientHintName(model.Target));
            names.Add(RegistrationHintName(model.Target));
        }

        return new DocumentFiles(model.Target, names.ToEquatableArray());
    }

    /// <summary>The files a document claims after an earlier document (in the order of the items) claimed the name.</summary>
    private static EquatableArray<FileClash> FindClashes(ImmutableArray<DocumentFiles> documents)
    {
        // Hint names are compared ignoring case, as the compiler does.
        var claimed = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        var clashes = new List<FileClash>();
        foreach (DocumentFiles document in documents)
        {
            var own = new List<string>();
            foreach (string name in document.HintNames)
            {
                if (claimed.Contains(name))
                {
                    clashes.Add(new FileClash(document.Target, name));
                }
                else
                {
                    own.Add(name);
                }
            }

            claimed.UnionWith(own);
        }

        return clashes.ToEquatableArray();
    }

    private static ImmutableArray<TypeOutput> ToTypeOutputs(ApiModel model)
    {
        var builder = ImmutableArray.CreateBuilder<TypeOutput>(model.Types.Count);
        foreach (TypeModel type in model.Types)
        {
            builder.Add(new TypeOutput(model.Target, type));
        }

        return builder.MoveToImmutable();
    }

    /// <summary>
    /// One file per type, named after it (<c>Contoso.Kube.EndpointSlicesClient.EndpointSlice.g.cs</c>): an object
    /// model's converter is nested in the model's declaration, not in a second partial file. The number of files is
    /// part of a large document's build time: the compiler finds a type's namespace declaration by scanning every
    /// declaration of that namespace, one per file.
    /// </summary>
    private static void Emit(SourceProductionContext output, TypeOutput item, EquatableArray<FileClash> clashes) =>
        AddSource(output, clashes, item.Target, TypeHintName(item.Target, item.Type.Name), () => item.Type.Kind switch
        {
            TypeModelKind.Enum => EnumEmitter.Emit(item.Target, item.Type),
            TypeModelKind.Union => UnionEmitter.Emit(item.Target, item.Type),
            TypeModelKind.MultipartForm => FormEmitter.Emit(item.Target, item.Type),
            TypeModelKind.Polymorphic => PolymorphicEmitter.Emit(item.Target, item.Type),
            _ => ModelEmitter.Emit(item.Target, item.Type),
        });

    /// <summary>
    /// Adds one file, unless an earlier document claimed its name. Hint names are unique within a document, but two
    /// documents whose targets overlap (Namespace <c>A.B</c> with ClassName <c>C</c> and a type <c>D</c>, Namespace
    /// <c>A.B.C</c> with ClassName <c>D</c>; or one target twice) claim one name. Such targets clash in C# too, so the
    /// later file is left out (<see cref="ReportClashes"/> says so), instead of the generator failing as a whole.
    /// </summary>
    private static void AddSource(SourceProductionContext output, EquatableArray<FileClash> clashes, DocumentTarget target, string hintName, Func<string> emit)
    {
        if (!clashes.Contains(new FileClash(target, hintName)))
        {
            output.AddSource(hintName, emit());
        }
    }

    /// <summary>SCG0016 once per document that has files left out (<see cref="AddSource"/>).</summary>
    private static void ReportClashes(SourceProductionContext output, EquatableArray<FileClash> clashes)
    {
        foreach (IGrouping<DocumentTarget, FileClash> document in clashes.GroupBy(clash => clash.Target))
        {
            int more = document.Count() - 1;
            string files = "'" + document.First().HintName + "'" + (more == 0 ? string.Empty : " and " + more.ToString(System.Globalization.CultureInfo.InvariantCulture) + " more files");
            DocumentTarget target = document.Key;
            output.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.GeneratedFileClash, Location.None, target.SourceFileName, target.Namespace, target.ClassName, files));
        }
    }

    // Hint names carry the namespace, so documents whose class names agree (every Kubernetes group document is titled
    // "Kubernetes") still generate side by side. Each file is named after the type it declares; type names are unique
    // ignoring case within a document (TypeNameRegistry), so the names are too, as case-insensitive file systems need.

    /// <summary><c>Contoso.Kube.EndpointSlicesClient.g.cs</c>: the client class.</summary>
    internal static string ClientHintName(DocumentTarget target) => target.Namespace + "." + target.ClassName + ".g.cs";

    /// <summary>
    /// <c>Contoso.Kube.EndpointSlicesClientServiceCollectionExtensions.g.cs</c>: the registration class, named after
    /// it (not <c>EndpointSlicesClient.ServiceCollectionExtensions.g.cs</c>, which a schema named
    /// <c>ServiceCollectionExtensions</c> would also claim).
    /// </summary>
    internal static string RegistrationHintName(DocumentTarget target) =>
        target.Namespace + "." + GeneratedNames.ServiceCollectionExtensions(target.ClassName) + ".g.cs";

    /// <summary><c>Contoso.Kube.EndpointSlicesClient.EndpointSlice.g.cs</c>: one generated model, enum, union or form.</summary>
    internal static string TypeHintName(DocumentTarget target, string typeName) =>
        target.Namespace + "." + target.ClassName + "." + typeName + ".g.cs";

    /// <summary>The client of one document with its target.</summary>
    private sealed record ClientOutput(DocumentTarget Target, ClientModel Client, EquatableArray<string> TypeNames);

    /// <summary>The files one document generates.</summary>
    private sealed record DocumentFiles(DocumentTarget Target, EquatableArray<string> HintNames);

    /// <summary>A file a document cannot add: an earlier document generates one of the same name.</summary>
    private sealed record FileClash(DocumentTarget Target, string HintName);

    /// <summary>One type to emit with the document target it belongs to.</summary>
    private sealed record TypeOutput(DocumentTarget Target, TypeModel Type);
}
