using System;
using SliceClientGen.Helpers;
using SliceClientGen.Model;

namespace SliceClientGen.Building;

/// <summary>
/// Every place the model names a generated type, rewritten by one function from a type name to the name to use: the
/// types a model's properties, a union's cases and a hierarchy's variants refer to, and those of the client's
/// parameters, bodies, results, errors and list items. A type's own <see cref="TypeModel.Name"/> is left to the caller.
/// Records are copied only where a name changes, so an unchanged part of the model keeps its instances.
/// </summary>
internal sealed class TypeRenames
{
    private readonly Func<string, string> _rename;

    /// <param name="rename">The name to use for a referenced type (itself when unchanged); also called to only look at the references.</param>
    public TypeRenames(Func<string, string> rename) => _rename = rename;

    public TypeRef Apply(TypeRef type)
    {
        if (type.Element is { } element)
        {
            TypeRef renamed = Apply(element);
            return ReferenceEquals(renamed, element) ? type : type with { Element = renamed };
        }

        if (type.Name is { } name)
        {
            string renamed = _rename(name);
            return renamed == name ? type : type with { Name = renamed };
        }

        return type;
    }

    /// <summary>The types <paramref name="type"/> refers to, renamed (not the type's own name).</summary>
    public TypeModel ApplyToReferences(TypeModel type)
    {
        EquatableArray<PropertyModel> properties = Map(type.Properties, Apply);
        UnionModel? union = type.Union is { } u ? Apply(u) : null;
        PolymorphismModel? polymorphism = type.Polymorphism is { } p ? Apply(p) : null;
        string? baseType = type.BaseType is { } b ? _rename(b) : null;
        return properties == type.Properties && ReferenceEquals(union, type.Union) && ReferenceEquals(polymorphism, type.Polymorphism) && baseType == type.BaseType
            ? type
            : type with { Properties = properties, Union = union, Polymorphism = polymorphism, BaseType = baseType };
    }

    public ClientModel Apply(ClientModel client)
    {
        EquatableArray<OperationModel> operations = Map(client.Operations, Apply);
        return operations == client.Operations ? client : client with { Operations = operations };
    }

    private PolymorphismModel Apply(PolymorphismModel polymorphism)
    {
        EquatableArray<VariantModel> variants = Map(polymorphism.Variants, v => _rename(v.TypeName) is var name && name != v.TypeName ? v with { TypeName = name } : v);
        string unknown = _rename(polymorphism.UnknownVariant);
        return variants == polymorphism.Variants && unknown == polymorphism.UnknownVariant
            ? polymorphism
            : polymorphism with { Variants = variants, UnknownVariant = unknown };
    }

    private UnionModel Apply(UnionModel union)
    {
        EquatableArray<UnionCaseModel> cases = Map(union.Cases, c => Apply(c.Type) is var type && !ReferenceEquals(type, c.Type) ? c with { Type = type } : c);
        return cases == union.Cases ? union : union with { Cases = cases };
    }

    private PropertyModel Apply(PropertyModel property) => Apply(property.Type) is var type && !ReferenceEquals(type, property.Type) ? property with { Type = type } : property;

    private ParameterModel Apply(ParameterModel parameter) => Apply(parameter.Type) is var type && !ReferenceEquals(type, parameter.Type) ? parameter with { Type = type } : parameter;

    private OperationModel Apply(OperationModel operation)
    {
        RequestModel request = Apply(operation.Request);
        ResponseModel response = Apply(operation.Response);
        ListOperationModel? list = operation.List is { } l ? Apply(l) : null;
        return ReferenceEquals(request, operation.Request) && ReferenceEquals(response, operation.Response) && ReferenceEquals(list, operation.List)
            ? operation
            : operation with { Request = request, Response = response, List = list };
    }

    private RequestModel Apply(RequestModel request)
    {
        EquatableArray<ParameterModel> parameters = Map(request.Parameters, Apply);
        RequestBodyModel? body = request.Body is { } b ? Apply(b) : null;
        return parameters == request.Parameters && ReferenceEquals(body, request.Body) ? request : request with { Parameters = parameters, Body = body };
    }

    private RequestBodyModel Apply(RequestBodyModel body)
    {
        TypeRef type = Apply(body.Type);
        EquatableArray<BodyArgument> overloads = Map(body.Overloads, o => Apply(o.Type) is var t && !ReferenceEquals(t, o.Type) ? o with { Type = t } : o);
        return ReferenceEquals(type, body.Type) && overloads == body.Overloads ? body : body with { Type = type, Overloads = overloads };
    }

    private ResponseModel Apply(ResponseModel response)
    {
        TypeRef? result = response.Result is { } r ? Apply(r) : null;
        EquatableArray<ErrorResponseModel> errors = Map(response.Errors, e => _rename(e.TypeName) is var name && name != e.TypeName ? e with { TypeName = name } : e);
        return ReferenceEquals(result, response.Result) && errors == response.Errors ? response : response with { Result = result, Errors = errors };
    }

    private ListOperationModel Apply(ListOperationModel list)
    {
        TypeRef itemType = Apply(list.ItemType);
        WatchMethodModel? watch = list.Watch is { } w ? Apply(w) : null;
        PagingMethodsModel? paging = list.Paging is { } p ? Apply(p) : null;
        InformerMethodModel? informer = list.Informer is { } i && Map(i.Arguments, Apply) is var arguments && arguments != i.Arguments ? i with { Arguments = arguments } : list.Informer;
        return ReferenceEquals(itemType, list.ItemType) && ReferenceEquals(watch, list.Watch) && ReferenceEquals(paging, list.Paging) && ReferenceEquals(informer, list.Informer)
            ? list
            : list with { ItemType = itemType, Watch = watch, Paging = paging, Informer = informer };
    }

    private WatchMethodModel Apply(WatchMethodModel watch)
    {
        EquatableArray<ParameterModel> arguments = Map(watch.Arguments, Apply);
        EquatableArray<WatchQueryValue> query = Map(watch.Query, q => Apply(q.Parameter) is var p && !ReferenceEquals(p, q.Parameter) ? q with { Parameter = p } : q);
        return arguments == watch.Arguments && query == watch.Query ? watch : watch with { Arguments = arguments, Query = query };
    }

    private PagingMethodsModel Apply(PagingMethodsModel paging)
    {
        EquatableArray<ParameterModel> arguments = Map(paging.Arguments, Apply);
        ParameterModel limit = Apply(paging.Limit);
        ParameterModel @continue = Apply(paging.Continue);
        return arguments == paging.Arguments && ReferenceEquals(limit, paging.Limit) && ReferenceEquals(@continue, paging.Continue)
            ? paging
            : paging with { Arguments = arguments, Limit = limit, Continue = @continue };
    }

    /// <summary><paramref name="items"/> mapped, or the same array when every item maps to itself.</summary>
    private static EquatableArray<T> Map<T>(EquatableArray<T> items, Func<T, T> map)
        where T : class, IEquatable<T>
    {
        T[]? mapped = null;
        for (int i = 0; i < items.Count; i++)
        {
            T item = map(items[i]);
            if (mapped is null && !ReferenceEquals(item, items[i]))
            {
                mapped = new T[items.Count];
                for (int j = 0; j < i; j++)
                {
                    mapped[j] = items[j];
                }
            }

            if (mapped is not null)
            {
                mapped[i] = item;
            }
        }

        return mapped is null ? items : new EquatableArray<T>(mapped);
    }
}
