using System.Text.Json;
using SliceClientGen.Models.Tests.Unions;
using Xunit;

namespace SliceClientGen.Models.Tests;

/// <summary>
/// allOf hierarchies deeper than one level (tests/TestDocuments/unions.yml): <c>Animal</c> ← <c>Mammal</c> ←
/// <c>Whale</c>/<c>Bat</c> with the discriminator on the root only and no mapping, and <c>Account</c> ←
/// <c>BusinessAccount</c> ← <c>EnterpriseAccount</c>/<c>StartupAccount</c> with the discriminator repeated and a mapping
/// at each level. Every level reads the variant the discriminator names, writes it back byte for byte, and reads a value
/// it does not know into its own unknown variant.
/// </summary>
public sealed class PolymorphicHierarchyTests
{
    private static Holder Read(string json) => JsonSerializer.Deserialize<Holder>(json)!;

    private const string Pet = """{"petType":"cat","lives":1}""";

    [Fact]
    public void An_intermediate_base_derives_from_its_base_and_the_leaf_from_the_intermediate()
    {
        Assert.True(typeof(Mammal).IsAbstract);
        Assert.Equal(typeof(Animal), typeof(Mammal).BaseType);
        Assert.Equal(typeof(Mammal), typeof(Whale).BaseType);
        Assert.Equal(typeof(Mammal), typeof(UnknownMammal).BaseType);
        Assert.Equal(typeof(Animal), typeof(UnknownAnimal).BaseType);
        Assert.Equal(typeof(BusinessAccount), typeof(EnterpriseAccount).BaseType);
    }

    [Theory]
    [InlineData("animal")]
    [InlineData("mammal")]
    [InlineData("whale")]
    public void A_leaf_two_levels_down_reads_as_itself_through_every_level(string property)
    {
        string json = "{\"pet\":" + Pet + ",\"" + property + "\":{\"kind\":\"Whale\",\"name\":\"Moby\",\"fur\":false,\"length\":18.5}}";

        Holder holder = Read(json);

        Animal read = property switch { "animal" => holder.Animal!, "mammal" => holder.Mammal!, _ => holder.Whale! };
        Whale whale = Assert.IsType<Whale>(read);
        Assert.Equal("Moby", whale.Name);
        Assert.False(whale.Fur);
        Assert.Equal(18.5, whale.Length);
        Assert.Equal(json, JsonSerializer.Serialize(holder));
    }

    [Theory]
    [InlineData("""{"kind":"Bat","fur":true}""", typeof(Bat))]
    [InlineData("""{"name":"Nemo","kind":"Fish","fins":4}""", typeof(Fish))]
    [InlineData("""{"kind":"Mammal","fur":true}""", typeof(UnknownMammal))]
    public void The_root_reads_every_variant_below_it_and_writes_it_back_byte_for_byte(string animal, Type expected)
    {
        string json = "{\"pet\":" + Pet + ",\"animal\":" + animal + "}";

        Holder holder = Read(json);

        Assert.IsType(expected, holder.Animal);
        Assert.Equal(json, JsonSerializer.Serialize(holder));
    }

    [Fact]
    public void An_unknown_value_through_the_root_reads_as_the_root_unknown_variant_keeping_every_member()
    {
        const string json = """{"pet":{"petType":"cat","lives":1},"animal":{"kind":"Snake","name":"Kaa","fur":false,"venom":{"level":3}}}""";

        Holder holder = Read(json);

        UnknownAnimal unknown = Assert.IsType<UnknownAnimal>(holder.Animal);
        Assert.Equal("Snake", unknown.Kind);
        Assert.Equal("Kaa", unknown.Name);
        Assert.Equal(3, unknown.AdditionalProperties["venom"].GetProperty("level").GetInt32());
        Assert.False(unknown.AdditionalProperties["fur"].GetBoolean());
        Assert.Equal(json, JsonSerializer.Serialize(holder));
    }

    [Fact]
    public void An_unknown_value_through_the_intermediate_base_reads_as_its_unknown_variant_keeping_every_member()
    {
        const string json = """{"pet":{"petType":"cat","lives":1},"mammal":{"kind":"Dolphin","fur":false,"pod":["a","b"]}}""";

        Holder holder = Read(json);

        UnknownMammal unknown = Assert.IsType<UnknownMammal>(holder.Mammal);
        Assert.Equal("Dolphin", unknown.Kind);
        Assert.False(unknown.Fur);
        Assert.Equal("b", unknown.AdditionalProperties["pod"][1].GetString());
        Assert.Equal(json, JsonSerializer.Serialize(holder));
    }

    [Fact]
    public void A_variant_of_another_branch_read_through_the_intermediate_base_is_its_unknown_variant()
    {
        const string json = """{"pet":{"petType":"cat","lives":1},"mammal":{"kind":"Fish","fins":2}}""";

        Holder holder = Read(json);

        UnknownMammal unknown = Assert.IsType<UnknownMammal>(holder.Mammal);
        Assert.Equal(2, unknown.AdditionalProperties["fins"].GetInt32());
        Assert.Equal(json, JsonSerializer.Serialize(holder));
    }

    [Theory]
    [InlineData("""{"accountType":"enterprise","id":"a1","company":"Contoso","seats":500}""", typeof(EnterpriseAccount))]
    [InlineData("""{"id":"a2","accountType":"startup","company":"Fabrikam","funding":"seed"}""", typeof(StartupAccount))]
    [InlineData("""{"accountType":"personal","id":"a3","birthday":"1990-01-01"}""", typeof(PersonalAccount))]
    [InlineData("""{"accountType":"business","id":"a4","company":"Litware"}""", typeof(UnknownBusinessAccount))]
    [InlineData("""{"accountType":"government","id":"a5","agency":"NASA"}""", typeof(UnknownAccount))]
    public void The_root_reads_by_the_mappings_of_every_level_and_round_trips(string account, Type expected)
    {
        string json = "{\"pet\":" + Pet + ",\"account\":" + account + "}";

        Holder holder = Read(json);

        Assert.IsType(expected, holder.Account);
        Assert.Equal(json, JsonSerializer.Serialize(holder));
    }

    [Theory]
    [InlineData("""{"accountType":"enterprise","id":"b1","company":"Contoso","seats":5}""", typeof(EnterpriseAccount))]
    [InlineData("""{"accountType":"agency","id":"b2","company":"Tailspin","clients":3}""", typeof(UnknownBusinessAccount))]
    [InlineData("""{"accountType":"personal","id":"b3","birthday":"2000-02-29"}""", typeof(UnknownBusinessAccount))]
    public void The_intermediate_base_reads_by_its_mapping_and_anything_else_as_its_unknown_variant(string business, Type expected)
    {
        string json = "{\"pet\":" + Pet + ",\"business\":" + business + "}";

        Holder holder = Read(json);

        Assert.IsType(expected, holder.Business);
        Assert.Equal(json, JsonSerializer.Serialize(holder));
    }

    [Fact]
    public void Properties_declared_at_each_level_are_read_through_the_level_that_declares_them()
    {
        Holder holder = Read("""{"pet":{"petType":"cat","lives":1},"business":{"accountType":"startup","id":"c1","company":"Northwind","funding":"A"}}""");

        BusinessAccount business = holder.Business!;
        Account account = business;
        Assert.Equal("Northwind", business.Company);
        Assert.Equal("c1", account.Id);
        Assert.Equal("A", Assert.IsType<StartupAccount>(business).Funding);
    }

    [Fact]
    public void Leaves_built_in_code_are_written_through_every_level()
    {
        var holder = new Holder
        {
            Pet = new Cat { PetType = "cat", Lives = 1 },
            Animal = new Bat { Kind = "Bat", Fur = true },
            Mammal = new Whale { Kind = "Whale", Length = 20 },
            Account = new EnterpriseAccount { AccountType = "enterprise", Id = "d1", Company = "Adatum", Seats = 9 },
        };

        Assert.Equal(
            """{"pet":{"petType":"cat","lives":1},"animal":{"kind":"Bat","fur":true},"mammal":{"kind":"Whale","length":20},"account":{"accountType":"enterprise","id":"d1","company":"Adatum","seats":9}}""",
            JsonSerializer.Serialize(holder));
    }

    [Theory]
    [InlineData("""{"deviceType":"Sensor","sensorKind":"thermo","celsius":21.5}""", typeof(Thermometer))]
    [InlineData("""{"sensorKind":"hygro","deviceType":"Sensor","percent":40}""", typeof(UnknownSensor))]
    [InlineData("""{"deviceType":"Camera","megapixels":12}""", typeof(Camera))]
    [InlineData("""{"deviceType":"Thermometer","sensorKind":"thermo"}""", typeof(UnknownDevice))]
    public void A_base_hands_an_intermediate_base_discriminating_by_another_property_the_object_to_read(string device, Type expected)
    {
        string json = "{\"pet\":" + Pet + ",\"device\":" + device + "}";

        Holder holder = Read(json);

        Assert.IsType(expected, holder.Device);
        Assert.Equal(json, JsonSerializer.Serialize(holder));
    }
}
