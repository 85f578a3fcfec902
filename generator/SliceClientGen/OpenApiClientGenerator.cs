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

        IncrementalValuesProvider<TypeOutput> types = models
            .SelectMany(static (model, _) => ToTypeOutputs(model))
            .WithTrackingName(TrackingNames.Types);
        context.RegisterSourceOutput(types, static (output, item) => Emit(output, item));

        IncrementalValuesProvider<ClientOutput> clients = models
            .Where(static model => model.Client is not null)
            .Select(static (model, _) => new ClientOutput(model.Target, model.Client!, model.Types.Select(t => t.Name).ToEquatableArray()))
            .WithTrackingName(TrackingNames.Client);
        context.RegisterSourceOutput(clients, static (output, item) =>
        {
            output.AddSource(ClientHintName(item.Target), ClientEmitter.Emit(item.Target, item.Client, item.TypeNames));
            output.AddSource(RegistrationHintName(item.Target), ServiceCollectionEmitter.Emit(item.Target, item.TypeNames));
        });
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
    private static void Emit(SourceProductionContext output, TypeOutput item)
    {
        string source = item.Type.Kind switch
        {
            TypeModelKind.Enum => EnumEmitter.Emit(item.Target, item.Type),
            TypeModelKind.Union => UnionEmitter.Emit(item.Target, item.Type),
            TypeModelKind.MultipartForm => FormEmitter.Emit(item.Target, item.Type),
            TypeModelKind.Polymorphic => PolymorphicEmitter.Emit(item.Target, item.Type),
            _ => ModelEmitter.Emit(item.Target, item.Type),
        };
        output.AddSource(TypeHintName(item.Target, item.Type.Name), source);
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

    /// <summary>One type to emit with the document target it belongs to.</summary>
    private sealed record TypeOutput(DocumentTarget Target, TypeModel Type);
}
