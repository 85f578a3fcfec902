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
        w.Line("result.__order = order.ToOrder(context, __names);");
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
        w.Line("ReadOnlySpan<int> indexes = order.Indexes;");
        w.Open("for (int i = 0; i < indexes.Length; i++)");
        w.Line("int index = indexes[i];");
        w.Open("if (index < 0)");
        w.Line("value.__additional?.WriteProperty(writer, order.Names[i]);");
        w.Line("continue;");
        w.Close();
        w.Line();
        w.Open("if ((pending & (1UL << index)) == 0)");
        w.Line("continue;");
        w.Close();
        w.Line();
        w.Line("pending &= ~(1UL << index);");
        if (type.Properties.Count > 0)
        {
            w.Open("switch (index)");
            for (int i = 0; i < type.Properties.Count; i++)
            {
                w.Line("case " + i.ToString(CultureInfo.InvariantCulture) + ":");
                w.Indent();
                WritePropertyStatements(w, type.Properties[i], i, scope);
                w.Line("break;");
                w.Outdent();
            }

            w.Close();
        }

        w.Close();
        w.Close();
        w.Line();

        // What the order did not list (all of it when the order is the canonical one), in schema order, straight-line.
        if (type.Properties.Count > 0)
        {
            w.Open("if (pending != 0)");
            for (int i = 0; i < type.Properties.Count; i++)
            {
                w.Open("if ((pending & " + ModelEmitter.Bit(i) + ") != 0)");
                WritePropertyStatements(w, type.Properties[i], i, scope);
                w.Close();
            }

            w.Close();
            w.Line();
        }

        w.Open("if (value.__additional is { } additional)");
        w.Line("additional.WriteRemaining(writer, value.__order);");
        w.Close();
        w.Line();
        w.Line("writer.WriteEndObject();");
        w.Close();
        w.Line();
    }

    /// <summary>Statements writing one property (name and value, JSON null for a null value), as STJ's fast path does:
    /// one writer call for a name with a string, boolean or number.</summary>
    private static void WritePropertyStatements(SourceWriter w, PropertyModel property, int i, TypeScope scope)
    {
        string name = EncodedName(i);
        string field = "value." + ModelEmitter.Field(property);
        string local = "v" + i.ToString(CultureInfo.InvariantCulture);
        TypeRef type = property.Type;
        string? single = type.Kind switch
        {
            TypeRefKind.Boolean => "writer.WriteBoolean(" + name + ", " + local + ");",
            TypeRefKind.Int32 or TypeRefKind.Int64 or TypeRefKind.Double => "writer.WriteNumber(" + name + ", " + local + ");",
            TypeRefKind.Enum => "writer.WriteString(" + name + ", " + local + ".Value);",
            _ => null,
        };
        if (type.Kind == TypeRefKind.String)
        {
            // A null string is written as JSON null.
            w.Line("writer.WriteString(" + name + ", " + field + ");");
            return;
        }

        if (single is not null)
        {
            w.Open("if (" + field + " is { } " + local + ")");
            w.Line(single);
            w.Close();
            w.Open("else");
            w.Line("writer.WriteNull(" + name + ");");
            w.Close();
            return;
        }

        w.Line("writer.WritePropertyName(" + name + ");");
        w.Open("if (" + field + " is { } " + local + ")");
        if (type.Kind == TypeRefKind.List && type.Element!.Kind == TypeRefKind.String)
        {
            w.Line("JsonModelWriter.WriteStringList(writer, " + local + ");");
        }
        else if (type.Kind == TypeRefKind.List && type.Element!.Kind == TypeRefKind.Model)
        {
            // Items written by a direct call, not through a delegate.
            string item = TypeSyntax.Public(scope, type.Element);
            string writeItem = TypeSyntax.TypeName(scope, type.Element.Name!) + ".JsonConverter.WriteValue(writer, item, options);";
            w.Line("writer.WriteStartArray();");
            w.Open("if (" + local + " is List<" + item + "> list)");
            w.Open("foreach (" + item + "? item in global::System.Runtime.InteropServices.CollectionsMarshal.AsSpan(list))");
            WriteItem(w, writeItem);
            w.Close();
            w.Close();
            w.Open("else");
            w.Open("for (int n = 0; n < " + local + ".Count; n++)");
            w.Line(item + "? item = " + local + "[n];");
            WriteItem(w, writeItem);
            w.Close();
            w.Close();
            w.Line();
            w.Line("writer.WriteEndArray();");
        }
        else
        {
            w.Line(TypeSyntax.WriteValue(scope, type, "writer", local, "options") + ";");
        }

        w.Close();
        w.Open("else");
        w.Line("writer.WriteNullValue();");
        w.Close();
    }

    private static void WriteItem(SourceWriter w, string writeItem)
    {
        w.Open("if (item is null)");
        w.Line("writer.WriteNullValue();");
        w.Close();
        w.Open("else");
        w.Line(writeItem);
        w.Close();
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
