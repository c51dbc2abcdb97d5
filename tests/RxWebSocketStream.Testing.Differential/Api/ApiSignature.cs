using System.Reflection;
using System.Runtime.CompilerServices;

namespace RxWebSocketStream.Testing.Differential.Api;

/// <summary>
/// Public and protected members of a testing kit as text, with the kit's namespace left out, so that
/// Microsoft.Reactive.Testing's surface and ours compare line by line: for example
/// <c>ReactiveAssert: static void AssertEqual&lt;T&gt;(this IEnumerable&lt;T&gt; actual, params T[] expected)</c>.
/// </summary>
internal static class ApiSignature
{
    private const BindingFlags Declared = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;

    /// <summary>Every visible type and member of the kit's namespace in <paramref name="assembly"/>.</summary>
    public static IReadOnlyList<string> Of(Assembly assembly, string kitNamespace) =>
        [.. assembly.GetExportedTypes()
            .Where(t => t.Namespace == kitNamespace)
            .SelectMany(t => Members(t).Prepend(Type(t)))
            .Order(StringComparer.Ordinal)];

    private static IEnumerable<string> Members(Type type)
    {
        foreach (var member in type.GetMembers(Declared))
        {
            var text = member switch
            {
                ConstructorInfo c when Visible(c) => $"{Access(c)}new({Parameters(c)})",
                MethodInfo m when Visible(m) && !IsAccessor(m) => Method(m),
                PropertyInfo p when p.GetMethod is { } get && Visible(get) => $"{Access(get)}{Name(p.PropertyType)} {p.Name} {{ get;{(p.SetMethod is { } set && Visible(set) ? " set;" : "")} }}",
                FieldInfo { IsLiteral: true } f when f.IsPublic || f.IsFamily => $"{Access(f)}const {Name(f.FieldType)} {f.Name} = {f.GetRawConstantValue()}",
                FieldInfo f when f.IsPublic || f.IsFamily => $"{Access(f)}{Name(f.FieldType)} {f.Name}",
                _ => null,
            };
            if (text is not null)
            {
                yield return $"{Name(type)}: {text}";
            }
        }
    }

    private static string Type(Type type)
    {
        var kind = type.IsInterface ? "interface" : type.IsValueType ? "struct" : type.IsAbstract && type.IsSealed ? "static class" : "class";
        var bases = new List<string>();
        if (type.BaseType is { } baseType && baseType != typeof(object) && baseType != typeof(ValueType))
        {
            bases.Add(Name(baseType));
        }

        bases.AddRange(type.GetInterfaces().Select(Name).Order(StringComparer.Ordinal));
        return $"{Name(type)}: {kind}{(bases.Count > 0 ? " : " + string.Join(", ", bases) : "")}";
    }

    private static string Method(MethodInfo method)
    {
        var generic = method.IsGenericMethod ? $"<{string.Join(", ", method.GetGenericArguments().Select(Name))}>" : "";
        var constraints = method.IsGenericMethod
            ? string.Concat(method.GetGenericArguments()
                .Where(a => a.GetGenericParameterConstraints().Length > 0)
                .Select(a => $" where {a.Name} : {string.Join(", ", a.GetGenericParameterConstraints().Select(Name))}"))
            : "";
        var modifier = method.IsStatic ? "static " : method.GetBaseDefinition() != method ? "override " : method.IsVirtual && !method.IsFinal ? "virtual " : "";
        return $"{Access(method)}{modifier}{Name(method.ReturnType)} {method.Name}{generic}({Parameters(method)}){constraints}";
    }

    private static string Parameters(MethodBase method)
    {
        var extension = method.IsDefined(typeof(ExtensionAttribute));
        return string.Join(", ", method.GetParameters().Select(p =>
            (p.Position == 0 && extension ? "this " : "")
            + (p.IsDefined(typeof(ParamArrayAttribute)) ? "params " : "")
            + $"{Name(p.ParameterType)} {p.Name}"
            + (p.HasDefaultValue ? $" = {p.DefaultValue ?? "null"}" : "")));
    }

    /// <summary>A type's name without namespaces, generic arguments spelled out: <c>Func&lt;IObservable&lt;T&gt;&gt;</c>.</summary>
    public static string Name(Type type)
    {
        if (type.IsArray)
        {
            return Name(type.GetElementType()!) + "[]";
        }

        if (type.IsByRef)
        {
            return "ref " + Name(type.GetElementType()!);
        }

        if (!type.IsGenericType)
        {
            return type.Name;
        }

        var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
        return $"{name}<{string.Join(", ", type.GetGenericArguments().Select(Name))}>";
    }

    private static bool Visible(MethodBase method) => method.IsPublic || method.IsFamily || method.IsFamilyOrAssembly;

    private static bool IsAccessor(MethodInfo method) =>
        method.IsSpecialName && (method.Name.StartsWith("get_", StringComparison.Ordinal) || method.Name.StartsWith("set_", StringComparison.Ordinal));

    private static string Access(MethodBase method) => method.IsPublic ? "public " : "protected ";

    private static string Access(FieldInfo field) => field.IsPublic ? "public " : "protected ";
}
