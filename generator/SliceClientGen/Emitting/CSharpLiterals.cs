using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SliceClientGen.Emitting;

/// <summary>C# literal text for values taken from the document.</summary>
internal static class CSharpLiterals
{
    public static string String(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (char c in value)
        {
            switch (c)
            {
                case '"': builder.Append("\\\""); break;
                case '\\': builder.Append("\\\\"); break;
                case '\n': builder.Append("\\n"); break;
                case '\r': builder.Append("\\r"); break;
                case '\t': builder.Append("\\t"); break;
                case '\0': builder.Append("\\0"); break;
                default:
                    if (char.IsControl(c) || char.IsSurrogate(c) || c == '\u2028' || c == '\u2029')
                    {
                        builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        builder.Append(c);
                    }

                    break;
            }
        }

        return builder.Append('"').ToString();
    }

    /// <summary>A double literal; never <c>Infinityd</c> or <c>NaNd</c>.</summary>
    public static string Double(double value) =>
        double.IsPositiveInfinity(value) ? "double.PositiveInfinity"
        : double.IsNegativeInfinity(value) ? "double.NegativeInfinity"
        : double.IsNaN(value) ? "double.NaN"
        : value.ToString("R", CultureInfo.InvariantCulture) + "d";

    /// <summary>The C# expression for a JSON scalar (as stored in the model) of the given kind.</summary>
    public static string FromJson(string json, Model.TypeRef type, TypeScope scope)
    {
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement value = document.RootElement;
        return type.Kind switch
        {
            Model.TypeRefKind.String => String(value.GetString()!),
            Model.TypeRefKind.Enum => "new " + TypeSyntax.TypeName(scope, type.Name!) + "(" + String(value.GetString()!) + ")",
            Model.TypeRefKind.Boolean => value.GetBoolean() ? "true" : "false",
            Model.TypeRefKind.Int32 => value.GetInt32().ToString(CultureInfo.InvariantCulture),
            Model.TypeRefKind.Int64 => value.GetInt64().ToString(CultureInfo.InvariantCulture) + "L",
            Model.TypeRefKind.Double => Double(value.GetDouble()),
            _ => "default",
        };
    }
}
