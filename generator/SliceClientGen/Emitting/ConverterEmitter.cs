using System.Globalization;
using System.Linq;
using SliceClientGen.Model;

namespace SliceClientGen.Emitting;

/// <summary>
/// Emits the reflection-free JsonConverter nested in each object model: Utf8JsonReader/Utf8JsonWriter
/// only, wire order recorded and reproduced, unknown properties kept, errors naming the JSON path.
/// </summary>
internal static class ConverterEmitter
{
    public static string Emit(DocumentTarget target, TypeModel type)
    {
        var w = new SourceWriter();
        EmitterContext.WriteHeader(w, target, type.SchemaPointer,
            "System", "System.CodeDom.Compiler", "System.Collections.Generic", "System.ComponentModel", "System.Text.Json", "SliceClientGen.Runtime.Serialization");

        w.Open("partial class " + type.Name);
        w.Doc("summary", "Reads and writes " + type.Name + " exactly as the OpenAPI document describes it, without reflection.");
        w.Line(EmitterContext.GeneratedCodeAttribute);
        w.Line("[EditorBrowsable(EditorBrowsableState.Never)]");
        w.Open("public sealed class JsonConverter : global::System.Text.Json.Serialization.JsonConverter<" + type.Name + ">");
        w.Line("private static readonly string[] __names =");
        w.Line("{");
        w.Indent();
        foreach (PropertyModel property in type.Properties)
        {
            w.Line(CSharpLiterals.String(property.JsonName) + ",");
        }

        w.Outdent();
        w.Line("};");
        w.Line();
        for (int i = 0; i < type.Properties.Count; i++)
        {
            w.Line("private static readonly JsonEncodedText " + EncodedName(i) + " = JsonEncodedText.Encode(" + CSharpLiterals.String(type.Properties[i].JsonName) + ");");
        }

        if (type.Properties.Count > 0)
        {
            w.Line();
        }

        w.DocRaw("<inheritdoc/>");
        w.Line("public override " + type.Name + " Read(ref Utf8JsonReader reader, global::System.Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader, options);");
        w.Line();
        w.DocRaw("<inheritdoc/>");
        w.Line("public override void Write(Utf8JsonWriter writer, " + type.Name + " value, JsonSerializerOptions options) => WriteValue(writer, value, options);");
        w.Line();
        var scope = TypeScope.For(target, type);
        WriteRead(w, type, scope);
        WriteWrite(w, type, scope);
        WritePropertyIndex(w, type);
        w.Close();
        w.Close();
        return w.ToString();
    }

    private static string EncodedName(int index) => "__name" + index.ToString(CultureInfo.InvariantCulture);

    private static void WriteRead(SourceWriter w, TypeModel type, TypeScope scope)
    {
        w.DocRaw("<summary>Reads one " + type.Name + " at the reader's current token (the start of an object), as a read of its own.</summary>");
        w.Line("public static " + type.Name + " ReadValue(ref Utf8JsonReader reader, JsonSerializerOptions options) => ReadValue(ref reader, options, new JsonReadContext());");
        w.Line();
        w.DocRaw("<summary>Reads one " + type.Name + " at the reader's current token (the start of an object) as part of the read <paramref name=\"context\"/> belongs to.</summary>");
        w.Open("public static " + type.Name + " ReadValue(ref Utf8JsonReader reader, JsonSerializerOptions options, JsonReadContext context)");
        w.Line("JsonModelReader.ExpectStartObject(ref reader, " + CSharpLiterals.String(type.Name) + ");");
        w.Line("var result = new " + type.Name + "(blank: true);");
        w.Line("var order = new JsonPropertyOrder();");
        w.Line("string? name = null;");
        w.Open("try");
        w.Open("while (JsonModelReader.NextProperty(ref reader))");
        w.Line("int index = IndexOf(ref reader);");
        w.Line("name = index >= 0 ? __names[index] : reader.GetString()!;");
        w.Line("JsonModelReader.MoveToValue(ref reader);");
        w.Line("ulong before = result.__present;");
        w.Open("switch (index)");
        for (int i = 0; i < type.Properties.Count; i++)
        {
            PropertyModel property = type.Properties[i];
            w.Line("case " + i.ToString(CultureInfo.InvariantCulture) + ":");
            w.Indent();
            w.Line("result." + ModelEmitter.Field(property) + " = " + ReadExpression(type, property, scope) + ";");
            w.Line("result.__present |= " + ModelEmitter.Bit(i) + ";");
            w.Line("break;");
            w.Outdent();
        }

        w.Line("default:");
        w.Indent();
        w.Line("(result.__additional ??= new JsonPropertyBag()).AppendRead(name, JsonModelReader.ReadElement(ref reader, options));");
        w.Line("break;");
        w.Outdent();
        w.Close();
        w.Line();
        w.Line("order.Add(index, name, __names, before, result.__additional);");
        w.Line("name = null;");
        w.Close();
        w.Close();
        w.Open("catch (JsonException exception) when (name is not null)");
        w.Line("throw JsonPathException.AtProperty(exception, name);");
        w.Close();
        w.Line();
        w.Line("result.__order = order.ToArray(context);");
        w.Line("return result;");
        w.Close();
        w.Line();
    }

    private static string ReadExpression(TypeModel owner, PropertyModel property, TypeScope scope)
    {
        TypeRef type = property.Type;
        switch (type.Kind)
        {
            case TypeRefKind.String:
                return "context.ReadString(ref reader, " + PropertyId(owner, property, string.Empty) + ")";
            case TypeRefKind.Any:
                return "JsonModelReader.ReadElement(ref reader, options)";
            case TypeRefKind.List when type.Element!.Kind == TypeRefKind.String:
                return "reader.TokenType == JsonTokenType.Null ? null : JsonModelReader.ReadStringList(ref reader, options, context, " + PropertyId(owner, property, string.Empty) + ")";
            case TypeRefKind.Map when type.Element!.Kind == TypeRefKind.String:
                return "reader.TokenType == JsonTokenType.Null ? null : JsonModelReader.ReadStringDictionary(ref reader, options, context, "
                    + PropertyId(owner, property, string.Empty) + ", " + PropertyId(owner, property, "#keys") + ")";
            case TypeRefKind.List or TypeRefKind.Map:
                return "reader.TokenType == JsonTokenType.Null ? null : " + TypeSyntax.ReadCollection(scope, type, "reader", "options", "context", keys: PropertyId(owner, property, "#keys"));
            case TypeRefKind.Model:
                return "reader.TokenType == JsonTokenType.Null ? default(" + TypeSyntax.Public(scope, type) + "?) : " + TypeSyntax.ContextReader(scope, type) + "(ref reader, options, context)";
            default:
                // default(T?), not null: an open enum converts implicitly from string, and so would a null literal.
                return "reader.TokenType == JsonTokenType.Null ? default(" + TypeSyntax.Public(scope, type) + "?) : " + TypeSyntax.Reader(scope, type) + "(ref reader, options)";
        }
    }

    /// <summary>
    /// The identifier under which the read's context keeps statistics of a string property (or of a map's keys):
    /// FNV-1a of the type and JSON names, never 0. Deterministic; a collision only merges two properties' statistics.
    /// </summary>
    private static string PropertyId(TypeModel owner, PropertyModel property, string suffix)
    {
        uint hash = 2166136261;
        foreach (char c in owner.Name + "." + property.JsonName + suffix)
        {
            hash = unchecked((hash ^ c) * 16777619);
        }

        int id = unchecked((int)hash);
        return (id == 0 ? 1 : id).ToString(CultureInfo.InvariantCulture);
    }

    private static void WriteWrite(SourceWriter w, TypeModel type, TypeScope scope)
    {
        w.DocRaw("<summary>Writes one " + type.Name + ": properties that were set or read, in wire order, then additional properties.</summary>");
        w.Open("public static void WriteValue(Utf8JsonWriter writer, " + type.Name + " value, JsonSerializerOptions options)");
        w.Line("writer.WriteStartObject();");
        w.Line("ulong pending = value.__present;");
        for (int i = 0; i < type.Properties.Count; i++)
        {
            PropertyModel property = type.Properties[i];
            if (ModelEmitter.IsNonNullable(property) && property.Type.Kind is TypeRefKind.List or TypeRefKind.Map or TypeRefKind.Model)
            {
                // A required collection or object created by its getter is written once something is put in it.
                string condition = property.Type.Kind == TypeRefKind.Model ? "{ __HasContent: true }" : "{ Count: > 0 }";
                w.Open("if (value." + ModelEmitter.Field(property) + " is " + condition + ")");
                w.Line("pending |= " + ModelEmitter.Bit(i) + ";");
                w.Close();
            }
        }

        w.Open("if (value.__order is { } order)");
        w.Open("foreach (string name in order)");
        w.Line("int index = Array.IndexOf(__names, name);");
        w.Open("if (index < 0)");
        w.Line("value.__additional?.WriteProperty(writer, name);");
        w.Close();
        w.Open("else if ((pending & (1UL << index)) != 0)");
        w.Line("WriteProperty(writer, value, index, options);");
        w.Line("pending &= ~(1UL << index);");
        w.Close();
        w.Close();
        w.Close();
        w.Line();
        w.Open("for (int index = 0; pending != 0; index++)");
        w.Open("if ((pending & (1UL << index)) != 0)");
        w.Line("WriteProperty(writer, value, index, options);");
        w.Line("pending &= ~(1UL << index);");
        w.Close();
        w.Close();
        w.Line();
        w.Line("value.__additional?.WriteRemaining(writer, value.__order);");
        w.Line("writer.WriteEndObject();");
        w.Close();
        w.Line();

        w.Open("private static void WriteProperty(Utf8JsonWriter writer, " + type.Name + " value, int index, JsonSerializerOptions options)");
        if (type.Properties.Count == 0)
        {
            // Nothing is ever pending for a schema without properties.
            w.Close();
            w.Line();
            return;
        }

        w.Open("switch (index)");
        for (int i = 0; i < type.Properties.Count; i++)
        {
            PropertyModel property = type.Properties[i];
            string local = "v" + i.ToString(CultureInfo.InvariantCulture);
            w.Line("case " + i.ToString(CultureInfo.InvariantCulture) + ":");
            w.Indent();
            w.Line("writer.WritePropertyName(" + EncodedName(i) + ");");
            w.Open("if (value." + ModelEmitter.Field(property) + " is { } " + local + ")");
            w.Line(TypeSyntax.WriteValue(scope, property.Type, "writer", local, "options") + ";");
            w.Close();
            w.Open("else");
            w.Line("writer.WriteNullValue();");
            w.Close();
            w.Line();
            w.Line("break;");
            w.Outdent();
        }

        w.Close();
        w.Close();
        w.Line();
    }

    private static void WritePropertyIndex(SourceWriter w, TypeModel type)
    {
        // Unescaped names in one segment (nearly always): dispatch on the length, then compare the bytes.
        w.DocRaw("<summary>The index of the property name under the reader in <see cref=\"__names\"/>, or -1.</summary>");
        w.Open("private static int IndexOf(ref Utf8JsonReader reader)");
        if (type.Properties.Count == 0)
        {
            w.Line("return -1;");
            w.Close();
            w.Line();
            WriteSlowPropertyIndex(w, type);
            return;
        }

        w.Open("if (reader.HasValueSequence || reader.ValueIsEscaped)");
        w.Line("return IndexOfSlow(ref reader);");
        w.Close();
        w.Line();
        w.Line("ReadOnlySpan<byte> name = reader.ValueSpan;");
        w.Open("switch (name.Length)");
        var byLength = type.Properties
            .Select((p, i) => (Bytes: System.Text.Encoding.UTF8.GetByteCount(p.JsonName), p.JsonName, Index: i))
            .GroupBy(p => p.Bytes)
            .OrderBy(g => g.Key);
        foreach (var group in byLength)
        {
            w.Line("case " + group.Key.ToString(CultureInfo.InvariantCulture) + ":");
            w.Indent();
            foreach (var property in group)
            {
                w.Open("if (name.SequenceEqual(" + CSharpLiterals.String(property.JsonName) + "u8))");
                w.Line("return " + property.Index.ToString(CultureInfo.InvariantCulture) + ";");
                w.Close();
                w.Line();
            }

            w.Line("return -1;");
            w.Outdent();
        }

        w.Line("default:");
        w.Indent();
        w.Line("return -1;");
        w.Outdent();
        w.Close();
        w.Close();
        w.Line();
        WriteSlowPropertyIndex(w, type);
    }

    private static void WriteSlowPropertyIndex(SourceWriter w, TypeModel type)
    {
        w.DocRaw("<summary>The index of an escaped or split property name, unescaped by the reader.</summary>");
        w.Open("private static int IndexOfSlow(ref Utf8JsonReader reader)");
        foreach (var (property, index) in type.Properties.Select((p, i) => (p, i)))
        {
            w.Open("if (reader.ValueTextEquals(" + CSharpLiterals.String(property.JsonName) + "u8))");
            w.Line("return " + index.ToString(CultureInfo.InvariantCulture) + ";");
            w.Close();
            w.Line();
        }

        w.Line("return -1;");
        w.Close();
    }
}
