using System.Text;
using System.Text.Json;
using SliceClientGen.Models.Tests.Wide;
using Xunit;

namespace SliceClientGen.Models.Tests;

/// <summary>
/// Schemas with far more properties than a 64-bit presence mask holds (tests/TestDocuments/wide.yml: 200 and 1,000
/// properties of every kind): presence, order and unknown members are kept for all of them.
/// </summary>
public sealed class WideSchemaTests
{
    [Fact]
    public void A_200_property_object_round_trips_byte_for_byte_with_absent_null_and_unknown_members()
    {
        string json = WideJson(200, seed: 1);

        Wide200 wide = JsonSerializer.Deserialize<Wide200>(json)!;

        Assert.Equal(json, JsonSerializer.Serialize(wide));
    }

    [Fact]
    public void A_1000_property_object_round_trips_byte_for_byte_with_absent_null_and_unknown_members()
    {
        string json = WideJson(1000, seed: 2);

        Wide1000 wide = JsonSerializer.Deserialize<Wide1000>(json)!;

        Assert.Equal(json, JsonSerializer.Serialize(wide));
    }

    [Fact]
    public void A_1000_property_object_in_declaration_order_round_trips_byte_for_byte()
    {
        string json = WideJson(1000, seed: null);

        Wide1000 wide = JsonSerializer.Deserialize<Wide1000>(json)!;

        Assert.Equal(json, JsonSerializer.Serialize(wide));
    }

    [Fact]
    public void Properties_past_the_64th_keep_absent_null_and_value_apart()
    {
        Wide1000 wide = JsonSerializer.Deserialize<Wide1000>("""{"p0996":null,"p0990":"x"}""")!;

        Assert.Null(wide.P0996);
        Assert.Equal("x", wide.P0990);
        Assert.Null(wide.P0984);
        Assert.Equal("""{"p0996":null,"p0990":"x"}""", JsonSerializer.Serialize(wide));
    }

    [Fact]
    public void A_property_past_the_64th_set_in_code_is_written()
    {
        var wide = new Wide1000 { P0996 = "v", P0001 = 7 };

        Assert.Equal("""{"p0001":7,"p0996":"v"}""", JsonSerializer.Serialize(wide));
    }

    [Fact]
    public void Wide_objects_read_from_equal_json_are_equal()
    {
        string json = WideJson(1000, seed: 3);

        Wide1000 first = JsonSerializer.Deserialize<Wide1000>(json)!;
        Wide1000 second = JsonSerializer.Deserialize<Wide1000>(json)!;
        second.P0996 = second.P0996 + "!";

        Assert.Equal(first, JsonSerializer.Deserialize<Wide1000>(json));
        Assert.NotEqual(first, second);
    }

    /// <summary>
    /// An object with <paramref name="count"/> properties: every seventh absent, every eleventh an explicit null,
    /// three unknown members, in a shuffled order (or declaration order, unknown members last, for a null seed).
    /// </summary>
    private static string WideJson(int count, int? seed)
    {
        var members = new List<string>();
        for (int i = 0; i < count; i++)
        {
            if (i % 7 == 3)
            {
                continue;
            }

            members.Add("\"p" + i.ToString("D4") + "\":" + (i % 11 == 5 ? "null" : Value(i)));
        }

        string[] unknown = ["\"x-first\":{\"a\":[1,2]}", "\"x-second\":\"s\"", "\"x-third\":null"];
        if (seed is { } s)
        {
            var random = new Random(s);
            members.AddRange(unknown);
            members = members.OrderBy(_ => random.Next()).ToList();
        }
        else
        {
            members.AddRange(unknown);
        }

        return "{" + string.Join(",", members) + "}";
    }

    private static string Value(int i) => (i % 6) switch
    {
        0 => "\"s" + i + "\"",
        1 => (i * 1000L).ToString(),
        2 => i % 4 == 0 ? "true" : "false",
        3 => "1.5",
        4 => "[\"a" + i + "\",\"b\"]",
        _ => "{\"name\":\"n" + i + "\",\"count\":" + i + "}",
    };
}
