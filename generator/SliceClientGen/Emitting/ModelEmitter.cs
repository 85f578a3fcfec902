using System.Globalization;
using SliceClientGen.Model;

namespace SliceClientGen.Emitting;

/// <summary>
/// Emits an object model: a sealed class whose properties track presence (absent stays absent, explicit
/// null stays null), start with the document's const/default values, and keep unknown JSON properties.
/// </summary>
internal static class ModelEmitter
{
    public static string Emit(DocumentTarget target, TypeModel type)
    {
        var w = new SourceWriter();
        EmitterContext.WriteHeader(w, target, type.SchemaPointer,
            "System", "System.CodeDom.Compiler", "System.Collections.Generic", "System.ComponentModel", "System.Text.Json", "System.Text.Json.Serialization", "SliceClientGen.Runtime.Serialization");

        w.Doc("summary", type.Description ?? "The <c>" + type.Name + "</c> schema.");
        w.DocRaw("<remarks>Properties the document does not describe are kept in <see cref=\"AdditionalProperties\"/> and written back, in their original order.</remarks>");
        w.Line(EmitterContext.GeneratedCodeAttribute);
        w.Line("[JsonConverter(typeof(" + type.Name + ".JsonConverter))]");
        if (type.Deprecated)
        {
            w.Line("[Obsolete(\"Deprecated in the OpenAPI document.\")]");
        }

        w.Open("public sealed partial class " + type.Name);
        var scope = TypeScope.For(target, type);
        WriteFields(w, type, scope);
        WriteConstructors(w, type, scope);
        for (int i = 0; i < type.Properties.Count; i++)
        {
            WriteProperty(w, type.Properties[i], i, scope);
        }

        w.DocRaw("<summary>JSON properties the document does not describe, as read from the wire; written back on serialize.</summary>");
        w.Line("public IDictionary<string, JsonElement> AdditionalProperties => __additional ??= new JsonPropertyBag();");
        w.Line();
        w.DocRaw("<summary>True when any property is set or any additional property is kept.</summary>");
        w.Line("internal bool __HasContent => __present != 0 || __additional is { Count: > 0 };");
        w.Close();
        return w.ToString();
    }

    public static string Bit(int index) => "(1UL << " + index.ToString(CultureInfo.InvariantCulture) + ")";

    public static string Field(PropertyModel property) => "_" + Building.Identifiers.ToCamelCase(property.Name.TrimStart('@'));

    /// <summary>Required reference types read as non-null: an empty string, or a collection/model created on first access.</summary>
    public static bool IsNonNullable(PropertyModel property) => property.Required && !property.AllowsNull;

    private static void WriteFields(SourceWriter w, TypeModel type, TypeScope scope)
    {
        // A schema without properties never assigns the mask; the initializer keeps CS0649 away.
        w.Line(type.Properties.Count == 0 ? "private ulong __present = 0;" : "private ulong __present;");
        foreach (PropertyModel property in type.Properties)
        {
            w.Line("private " + TypeSyntax.Public(scope, property.Type) + "? " + Field(property) + ";");
        }

        w.Line("private JsonPropertyBag? __additional;");
        w.Line("private JsonWireOrder? __order;");
        w.Line();
    }

    private static void WriteConstructors(SourceWriter w, TypeModel type, TypeScope scope)
    {
        bool hasInitialValues = false;
        foreach (PropertyModel property in type.Properties)
        {
            hasInitialValues |= property.InitialValue is not null;
        }

        w.Doc("summary", hasInitialValues
            ? "Creates a " + type.Name + " with the document's constant and default values already set."
            : "Creates an empty " + type.Name + ".");
        w.Open("public " + type.Name + "()");
        for (int i = 0; i < type.Properties.Count; i++)
        {
            PropertyModel property = type.Properties[i];
            if (property.InitialValue is not null)
            {
                w.Line(Field(property) + " = " + CSharpLiterals.FromJson(property.InitialValue, property.Type, scope) + ";");
                w.Line("__present |= " + Bit(i) + ";");
            }
        }

        w.Close();
        w.Line();
        w.DocRaw("<summary>An instance with nothing set: what the converter fills, so absent properties stay absent.</summary>");
        w.Line("private " + type.Name + "(bool blank)");
        w.Line("{");
        w.Line("}");
        w.Line();
        w.DocRaw("<summary>An instance with nothing set, for required properties created on first access.</summary>");
        w.Line("[EditorBrowsable(EditorBrowsableState.Never)]");
        w.Line("internal static " + type.Name + " __CreateBlank() => new " + type.Name + "(blank: true);");
        w.Line();
    }

    private static void WriteProperty(SourceWriter w, PropertyModel property, int index, TypeScope scope)
    {
        string typeName = TypeSyntax.Public(scope, property.Type);
        string field = Field(property);
        bool nonNullable = IsNonNullable(property);
        w.Doc("summary", property.Description ?? "The <c>" + property.JsonName + "</c> property.");
        w.DocRaw("<remarks>JSON name: <c>" + SourceWriter.Escape(property.JsonName) + "</c>." + (property.Required
            ? " Required by the document; reading JSON without it does not fail" + (property.Type.IsValueType ? "" : " and the property then reads as " + EmptyDescription(property.Type)) + "."
            : string.Empty) + "</remarks>");
        if (property.Deprecated)
        {
            w.Line("[Obsolete(\"Deprecated in the OpenAPI document.\")]");
        }

        w.Open("public " + typeName + (nonNullable ? string.Empty : "?") + " " + property.Name);
        if (!nonNullable)
        {
            w.Line("get => " + field + ";");
        }
        else if (property.Type.IsValueType)
        {
            w.Line("get => " + field + ".GetValueOrDefault();");
        }
        else
        {
            w.Line("get => " + property.Type.Kind switch
            {
                TypeRefKind.String => field + " ?? string.Empty",
                TypeRefKind.Model => field + " ??= " + TypeSyntax.TypeName(scope, property.Type.Name!) + ".__CreateBlank()",
                _ => field + " ??= new " + TypeSyntax.Concrete(scope, property.Type) + "()",
            } + ";");
        }

        w.Open("set");
        w.Line(field + " = value;");
        w.Line("__present |= " + Bit(index) + ";");
        w.Close();
        w.Close();
        w.Line();
    }

    private static string EmptyDescription(TypeRef type) => type.Kind switch
    {
        TypeRefKind.String => "an empty string",
        TypeRefKind.Model => "an empty object",
        _ => "an empty collection",
    };
}
