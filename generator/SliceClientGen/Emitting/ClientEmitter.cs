using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using SliceClientGen.Helpers;
using SliceClientGen.Model;

namespace SliceClientGen.Emitting;

/// <summary>
/// Emits the typed client: one method per operation that builds an <c>ApiRequest</c> (escaped path,
/// the query parameters that are set, the body with its media type) and hands it to the runtime's
/// <c>ApiPipeline</c> with the reader of the declared result and the declared error bodies.
/// </summary>
internal static class ClientEmitter
{
    public static string Emit(DocumentTarget target, ClientModel client, EquatableArray<string> typeNames)
    {
        var context = new ClientContext(target, client, typeNames);
        var w = new SourceWriter();
        var usings = new List<string>
        {
            "System", "System.CodeDom.Compiler", "System.Collections.Generic", "System.Globalization", "System.Linq", "System.Net.Http",
            "System.Runtime.CompilerServices", "System.Text.Json", "System.Text.Json.Nodes", "System.Threading", "System.Threading.Tasks",
            "SliceClientGen.Runtime.Http",
        };
        usings.AddRange(ListEmitter.Usings(client));
        usings.Add("SliceClientGen.Runtime.Serialization");
        EmitterContext.WriteHeader(w, target, "/paths", usings.OrderBy(u => u.StartsWith("System", System.StringComparison.Ordinal) ? 0 : 1).ThenBy(u => u, System.StringComparer.Ordinal).ToArray());

        w.Doc("summary", "A typed client for " + target.Title + (target.Version.Length > 0 ? " (" + target.Version + ")" : string.Empty) + ": one method per operation, over an HttpClient.");
        w.Line("/// <remarks>");
        if (!string.IsNullOrWhiteSpace(client.Description))
        {
            WriteParagraphs(w, client.Description!);
        }

        w.Line("/// <para>Generated from " + SourceWriter.Escape(target.SourceFileName) + ". Errors are thrown as <see cref=\"" + context.Fx["ApiException"] + "\"/>; idempotent calls are retried as <see cref=\"" + context.Fx["ApiClientOptions"] + ".Retry\"/> says.</para>");
        w.Line("/// </remarks>");
        w.Line(EmitterContext.GeneratedCodeAttribute);
        w.Open("public partial class " + target.ClassName);
        WriteMembers(w, context);
        foreach (OperationModel operation in client.Operations)
        {
            OperationEmitter.Write(w, context, operation);
        }

        w.Close();
        return w.ToString();
    }

    private static void WriteMembers(SourceWriter w, ClientContext c)
    {
        if (c.Client.DefaultServer is { } server)
        {
            w.DocRaw("<summary>The document's first server: the base address when neither the HttpClient nor the options set one.</summary>");
            w.Line("public const string DefaultServer = " + CSharpLiterals.String(server) + ";");
            w.Line();
        }

        w.Line("private readonly " + c.Fx["ApiPipeline"] + " _pipeline;");
        w.Line();
        w.DocRaw("<summary>Creates a client that sends requests through <paramref name=\"httpClient\"/>.</summary>");
        w.DocRaw("<param name=\"httpClient\">The HttpClient to use; its BaseAddress and handlers (authentication, logging, resilience) apply.</param>");
        w.DocRaw("<param name=\"options\">Base address, timeout, retries and error-body limits; null for the defaults.</param>");
        w.Open("public " + c.Target.ClassName + "(" + c.Fx["HttpClient"] + " httpClient, " + c.Fx["ApiClientOptions"] + "? options = null)");
        w.Line("_pipeline = new " + c.Fx["ApiPipeline"] + "(httpClient, options, " + (c.Client.DefaultServer is null ? "null" : "DefaultServer") + ");");
        w.Close();
        w.Line();
        w.DocRaw("<summary>The pipeline requests go through: the HttpClient, the validated options and the base address in use.</summary>");
        w.Line("public " + c.Fx["ApiPipeline"] + " Pipeline => _pipeline;");
    }

    /// <summary>Writes text as doc paragraphs inside an open element.</summary>
    public static void WriteParagraphs(SourceWriter w, string text)
    {
        foreach (string paragraph in text.Replace("\r\n", "\n").Trim().Split(new[] { "\n\n" }, System.StringSplitOptions.RemoveEmptyEntries))
        {
            string[] lines = paragraph.Split('\n');
            if (lines.Length == 1)
            {
                w.Line("/// <para>" + SourceWriter.Escape(lines[0].Trim()) + "</para>");
                continue;
            }

            w.Line("/// <para>");
            foreach (string line in lines)
            {
                w.Line("/// " + SourceWriter.Escape(line.Trim()));
            }

            w.Line("/// </para>");
        }
    }
}

/// <summary>What every part of the client file needs: target, model, name qualification.</summary>
internal sealed class ClientContext
{
    public ClientContext(DocumentTarget target, ClientModel client, EquatableArray<string> typeNames)
    {
        Target = target;
        Client = client;
        var members = new List<string> { "DefaultServer", "Pipeline", "_pipeline", target.ClassName };
        foreach (OperationModel operation in client.Operations)
        {
            members.AddRange(OperationEmitter.MemberNames(operation));
        }

        Scope = new TypeScope(target.Namespace, members);
        Fx = new FrameworkNames(typeNames.Concat(members));
    }

    public DocumentTarget Target { get; }

    public ClientModel Client { get; }

    public TypeScope Scope { get; }

    public FrameworkNames Fx { get; }

    /// <summary>The C# type of a value of <paramref name="type"/> as written in the client.</summary>
    public string TypeOf(TypeRef type) => type.Kind switch
    {
        TypeRefKind.DateTimeOffset => Fx["DateTimeOffset"],
        TypeRefKind.Any => Fx["JsonElement"],
        TypeRefKind.List => Fx["IList"] + "<" + TypeOf(type.Element!) + ">",
        TypeRefKind.Map => Fx["IDictionary"] + "<string, " + TypeOf(type.Element!) + ">",
        _ => TypeSyntax.Public(Scope, type),
    };

    public static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
