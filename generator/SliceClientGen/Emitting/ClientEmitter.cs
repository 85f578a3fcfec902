using System.Collections.Generic;
using System.Linq;
using SliceClientGen.Helpers;
using SliceClientGen.Model;

namespace SliceClientGen.Emitting;

/// <summary>
/// Emits the typed client file: the public partial client class (constructor, <c>Pipeline</c>, one method per
/// operation, the list methods) and, beside it, a <c>file</c>-local class holding the plumbing the methods
/// share (error tables, request factories), which is in no completion list of the user's code.
/// </summary>
internal static class ClientEmitter
{
    public static string Emit(DocumentTarget target, ClientModel client, EquatableArray<string> typeNames)
    {
        var c = new ClientContext(target, client, typeNames);
        var body = new SourceWriter();
        WriteClientClass(body, c);
        WritePlumbingClass(body, c);

        // The usings are those the body used, so the file has none too many.
        var file = new SourceWriter();
        EmitterContext.WriteHeader(file, target, "/paths", c.Fx.UsedNamespaces("System.CodeDom.Compiler"));
        return file.ToString() + body.ToString();
    }

    private static void WriteClientClass(SourceWriter w, ClientContext c)
    {
        DocumentTarget target = c.Target;
        string version = target.Version.Length > 0 ? " (" + target.Version + ")" : string.Empty;
        w.DocXml("summary", $"A typed client for {XmlDoc.Text(target.Title + version)}: one method per operation, over an {c.See("HttpClient")}.");
        w.DocXml("remarks", $"""
            {Paragraphs(c.Client.Description)}
            <para>
            Generated from {XmlDoc.Code(target.SourceFileName)}. Errors are thrown as {c.See("ApiException")}; idempotent calls
            are retried as {c.See("ApiClientOptions", "Retry")} says.
            </para>
            """);
        w.Line(EmitterContext.GeneratedCodeAttribute);
        using (w.Block($"public partial class {target.ClassName}"))
        {
            string defaultServer = "null";
            if (c.Client.DefaultServer is { } server)
            {
                defaultServer = GeneratedNames.DefaultServer;
                w.Template($$"""
                    /// <summary>The document's first server: the base address when neither the HttpClient nor the options set one.</summary>
                    public const string {{GeneratedNames.DefaultServer}} = {{CSharpLiterals.String(server)}};

                    """);
            }

            w.Template($$"""
                /// <summary>Creates a client that sends requests through <paramref name="httpClient"/>.</summary>
                /// <param name="httpClient">The HttpClient to use; its BaseAddress and handlers (authentication, logging, resilience) apply.</param>
                /// <param name="options">Base address, timeout, retries and error-body limits; null for the defaults.</param>
                public {{target.ClassName}}({{c.Fx["HttpClient"]}} httpClient, {{c.Fx["ApiClientOptions"]}}? options = null)
                {
                    {{GeneratedNames.Pipeline}} = new {{c.Fx["ApiPipeline"]}}(httpClient, options, {{defaultServer}});
                }

                /// <summary>The pipeline requests go through: the HttpClient, the validated options and the base address in use.</summary>
                public {{c.Fx["ApiPipeline"]}} {{GeneratedNames.Pipeline}} { get; }
                """);
            foreach (OperationModel operation in c.Client.Operations)
            {
                OperationEmitter.Write(w, c, operation);
                ListEmitter.Write(w, c, operation);
            }
        }
    }

    /// <summary>The error tables and request factories: file-local, so only this file's client sees them.</summary>
    private static void WritePlumbingClass(SourceWriter w, ClientContext c)
    {
        if (!c.Client.Operations.Any(o => o.Response.Errors.Count > 0 || OperationEmitter.HasRequestFactory(o) || o.Request.Body?.PatchChoice is not null))
        {
            return;
        }

        w.Line();
        string declared = c.Client.Operations.Any(o => o.Request.Body?.PatchChoice is not null) ? "the error bodies and patch formats" : "the error bodies";
        w.DocXml("summary", $"What the methods of {c.See(c.Target.ClassName)} share: {declared} each operation declares and request factories.");
        w.Line(EmitterContext.GeneratedCodeAttribute);
        using (w.Block($"file static class {c.Plumbing}"))
        {
            bool first = true;
            foreach (OperationModel operation in c.Client.Operations)
            {
                first = OperationEmitter.WritePlumbing(w, c, operation, first);
            }
        }
    }

    /// <summary>Document text as doc paragraphs (escaped), or nothing.</summary>
    public static string Paragraphs(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return string.Empty;
        }

        IEnumerable<string> paragraphs = XmlDoc.Text(text!).Trim().Split(new[] { "\n\n" }, System.StringSplitOptions.RemoveEmptyEntries)
            .Select(p => "<para>" + string.Join("\n", p.Split('\n').Select(line => line.Trim())) + "</para>");
        return string.Join("\n", paragraphs);
    }
}

/// <summary>What every part of the client file needs: target, model, name qualification.</summary>
internal sealed class ClientContext
{
    public ClientContext(DocumentTarget target, ClientModel client, EquatableArray<string> typeNames)
    {
        Target = target;
        Client = client;
        Plumbing = GeneratedNames.ClientPlumbing(target.ClassName);
        var members = new List<string> { GeneratedNames.DefaultServer, GeneratedNames.Pipeline, target.ClassName, Plumbing };
        foreach (OperationModel operation in client.Operations)
        {
            members.AddRange(OperationEmitter.MemberNames(operation));
        }

        Scope = new TypeScope(target.Namespace, members);
        Fx = new FrameworkNames(typeNames.Concat(members));
    }

    public DocumentTarget Target { get; }

    public ClientModel Client { get; }

    /// <summary>The file-local class of error tables and request factories.</summary>
    public string Plumbing { get; }

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

    /// <summary>A generated model or enum by name.</summary>
    public string TypeName(string name) => TypeSyntax.TypeName(Scope, name);

    /// <summary>The reader of a response body of <paramref name="type"/>.</summary>
    public string Reader(TypeRef type)
    {
        UsesSerialization(type);
        return TypeSyntax.Reader(Scope, type);
    }

    /// <summary>The reader of one watch event's object.</summary>
    public string ContextReader(TypeRef type)
    {
        UsesSerialization(type);
        return TypeSyntax.ContextReader(Scope, type);
    }

    /// <summary>The writer of a request body of <paramref name="type"/>.</summary>
    public string Writer(TypeRef type)
    {
        UsesSerialization(type);
        return TypeSyntax.Writer(Scope, type);
    }

    /// <summary><c>&lt;see cref="…"/&gt;</c> for a framework or runtime type (and member).</summary>
    public string See(string frameworkType, string? member = null) =>
        XmlDoc.See(Fx.IsFramework(frameworkType) ? Fx[frameworkType] + (member is null ? string.Empty : "." + member) : frameworkType);

    /// <summary>
    /// Readers and writers of scalars, collections and open enums are the runtime's (<c>JsonModelReader</c>,
    /// <c>JsonOpenEnumConverter&lt;T&gt;</c>, …); collections are read by lambdas over <c>Utf8JsonReader</c> into
    /// <c>IList</c>/<c>IDictionary</c>.
    /// </summary>
    private void UsesSerialization(TypeRef type)
    {
        if (type.Kind == TypeRefKind.Enum)
        {
            _ = Fx[GeneratedNames.OpenEnumConverter];
            return;
        }

        if (type.Kind == TypeRefKind.Model)
        {
            return;
        }

        _ = Fx["JsonModelReader"];
        if (type.IsCollection)
        {
            _ = Fx["Utf8JsonReader"];
            _ = Fx["IList"];
            UsesSerialization(type.Element!);
        }

        if (type.Kind == TypeRefKind.DateTimeOffset)
        {
            _ = Fx["DateTimeOffset"];
        }
    }
}
