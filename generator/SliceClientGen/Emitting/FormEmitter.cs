using System.Linq;
using SliceClientGen.Model;

namespace SliceClientGen.Emitting;

/// <summary>
/// Emits the parts of a <c>multipart/form-data</c> request body: a plain class, each property one part, that
/// hands its parts to the runtime's <c>MultipartFormBody</c> (text for strings, numbers, booleans, timestamps and
/// enums; repeated text for lists of strings; files for binary properties; JSON for everything else).
/// </summary>
internal static class FormEmitter
{
    private const string FormInterface = "IMultipartForm";
    private const string PartsArgument = "parts";

    public static string Emit(DocumentTarget target, TypeModel type)
    {
        var scope = TypeScope.For(target, type);
        var w = new SourceWriter();
        EmitterContext.WriteHeader(w, target, type.SchemaPointer,
            "System", "System.CodeDom.Compiler", "System.Collections.Generic", "System.Text.Json", "SliceClientGen.Runtime.Forms", "SliceClientGen.Runtime.Serialization");
        if (type.Description is { Length: > 0 } description)
        {
            w.Doc("summary", description);
        }
        else
        {
            w.DocXml("summary", "The parts of a " + XmlDoc.Code("multipart/form-data") + " request body, each property one part.");
        }

        w.DocXml("remarks", "Properties left null send no part; a part the document requires throws " + XmlDoc.See("ArgumentException") + " when the request is made without it.");
        w.Line(EmitterContext.GeneratedCodeAttribute);
        using (w.Block("public sealed partial class " + type.Name + " : " + FormInterface))
        {
            foreach (PropertyModel property in type.Properties)
            {
                if (property.Description is { } text)
                {
                    w.Doc("summary", text);
                }
                else
                {
                    w.DocXml("summary", "The part " + XmlDoc.Code(property.JsonName) + ": " + PartKind(property.Type) + ".");
                }

                w.DocXml("remarks", "Part name: " + XmlDoc.Code(property.JsonName) + "." + (property.Required ? " Required by the document." : string.Empty));
                w.Line("public " + TypeSyntax.Public(scope, property.Type) + "? " + property.Name + " { get; set; }");
                w.Line();
            }

            w.DocRaw("<inheritdoc/>");
            using (w.Block("void " + FormInterface + ".WriteParts(MultipartFormBody " + PartsArgument + ")"))
            {
                foreach (PropertyModel property in type.Properties)
                {
                    WritePart(w, scope, property);
                }
            }
        }

        return w.ToString();
    }

    private static string PartKind(TypeRef type) => type.Kind switch
    {
        TypeRefKind.File => "a file",
        TypeRefKind.List when type.Element!.Kind == TypeRefKind.File => "files, one part each",
        TypeRefKind.List when type.Element!.Kind == TypeRefKind.String => "texts, one part each",
        _ when TextArgument(type, "value") is not null => "text",
        _ => "JSON",
    };

    /// <summary>The argument a text part is added with, or null when the type is not sent as text.</summary>
    private static string? TextArgument(TypeRef type, string value) => type.Kind switch
    {
        TypeRefKind.String or TypeRefKind.Int64 or TypeRefKind.Double or TypeRefKind.Boolean or TypeRefKind.DateTimeOffset => value,
        TypeRefKind.Int32 => "(long?)" + value,
        TypeRefKind.Enum => value + "?.Value",
        _ => null,
    };

    private static void WritePart(SourceWriter w, TypeScope scope, PropertyModel property)
    {
        string name = CSharpLiterals.String(property.JsonName);
        string required = property.Required ? ", required: true" : string.Empty;
        TypeRef type = property.Type;
        if (type.Kind == TypeRefKind.File)
        {
            w.Line(PartsArgument + ".AddFile(" + name + ", " + property.Name + required + ");");
        }
        else if (type.Kind == TypeRefKind.List && type.Element!.Kind == TypeRefKind.File)
        {
            w.Line(PartsArgument + ".AddFiles(" + name + ", " + property.Name + required + ");");
        }
        else if (type.Kind == TypeRefKind.List && type.Element!.Kind == TypeRefKind.String)
        {
            w.Line(PartsArgument + ".AddTexts(" + name + ", " + property.Name + required + ");");
        }
        else if (TextArgument(type, property.Name) is { } text)
        {
            w.Line(PartsArgument + ".AddText(" + name + ", " + text + required + ");");
        }
        else
        {
            string local = "part" + property.Name;
            using (w.Block("if (" + property.Name + " is { } " + local + ")"))
            {
                w.Line(PartsArgument + ".AddJson<" + TypeSyntax.Public(scope, type) + ">(" + name + ", " + local + ", " + TypeSyntax.Writer(scope, type) + ");");
            }

            if (property.Required)
            {
                using (w.Block("else"))
                {
                    w.Line("throw new global::System.ArgumentException(" + CSharpLiterals.String("The multipart/form-data part '" + property.JsonName + "' is required by the document but was not set.") + ");");
                }
            }
        }
    }
}
