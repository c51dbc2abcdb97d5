using System.Globalization;

namespace RxWebSocketStream.Testing.Scenarios;

/// <summary>
/// A marble scenario file (marbles/*.marble), parsed: the rule it states, its setup, its timelines and
/// its legend, each remembered with its line number so that a failure can point at it. The format is
/// described in marbles/README.md.
/// </summary>
internal sealed class ScenarioFile
{
    private ScenarioFile(string path, string rule)
    {
        Path = path;
        Rule = rule;
    }

    /// <summary>The path relative to the repository root, as failures print it.</summary>
    public string Path { get; }

    /// <summary>The one sentence (possibly wrapped) of <c>#</c> lines at the top.</summary>
    public string Rule { get; }

    public List<Located> Given { get; } = [];

    /// <summary>Timelines by name (<c>peer</c>, <c>app</c>, <c>sub 1</c>, <c>messages 1</c>, <c>wire</c>, ...).</summary>
    public Dictionary<string, Located> Timelines { get; } = new(StringComparer.Ordinal);

    public Dictionary<char, Located> Legend { get; } = [];

    /// <summary>What <c>#</c> means, by timeline name; the key <c>""</c> is the default for every timeline.</summary>
    public Dictionary<string, Located> Errors { get; } = new(StringComparer.Ordinal);

    public string Where(int line) => $"{Path}:{line.ToString(CultureInfo.InvariantCulture)}";

    public static ScenarioFile Parse(string path, string text)
    {
        var lines = text.ReplaceLineEndings("\n").Split('\n');
        var rule = string.Join(' ', lines.TakeWhile(l => l.StartsWith('#')).Select(l => l.TrimStart('#').Trim()));
        if (rule.Length == 0)
        {
            throw new ScenarioFormatException($"{path}:1: a scenario starts with '# ' and the one rule it checks.");
        }

        var file = new ScenarioFile(path, rule);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i];
            var number = i + 1;
            var trimmed = line.Trim();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            if (trimmed.StartsWith("given:", StringComparison.Ordinal))
            {
                file.Given.Add(new(trimmed["given:".Length..].Trim(), number));
            }
            else if (LegendEntry(trimmed) is var (key, value))
            {
                file.AddLegend(key, value, number);
            }
            else if (trimmed.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon)
            {
                var name = Canonical(trimmed[..colon].Trim());
                if (!file.Timelines.TryAdd(name, new(line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim(), number)))
                {
                    throw new ScenarioFormatException($"{file.Where(number)}: the timeline '{name}' is drawn twice.");
                }
            }
            else
            {
                throw new ScenarioFormatException($"{file.Where(number)}: '{trimmed}' is neither 'name: diagram', 'x = meaning', 'given: ...' nor a '#' comment.");
            }
        }

        return file;
    }

    /// <summary><c>messages</c> is <c>messages 1</c>, <c>sub</c> is <c>sub 1</c>.</summary>
    private static string Canonical(string name) => name is "messages" or "sub" ? $"{name} 1" : name;

    /// <summary><c>a = text "hi"</c>, <c>error = ...</c> or <c>closed error = ...</c>.</summary>
    private static (string Key, string Value)? LegendEntry(string line)
    {
        var equals = line.IndexOf(" = ", StringComparison.Ordinal);
        if (equals <= 0)
        {
            return null;
        }

        var key = line[..equals].Trim();
        var isLegendKey = key.Length == 1 || key == "error" || key.EndsWith(" error", StringComparison.Ordinal);
        return isLegendKey && !key.Contains(':', StringComparison.Ordinal) ? (key, line[(equals + 3)..].Trim()) : null;
    }

    private void AddLegend(string key, string value, int line)
    {
        if (key.Length == 1)
        {
            if (key[0] is '-' or '|' or '#' or '^' or '!' or '(' or ')' or ' ')
            {
                throw new ScenarioFormatException($"{Where(line)}: '{key}' is marble syntax and cannot be a value.");
            }

            if (!Legend.TryAdd(key[0], new(value, line)))
            {
                throw new ScenarioFormatException($"{Where(line)}: '{key}' is already defined at line {Legend[key[0]].Line}.");
            }

            return;
        }

        var timeline = key == "error" ? "" : Canonical(key[..^" error".Length]);
        if (!Errors.TryAdd(timeline, new(value, line)))
        {
            throw new ScenarioFormatException($"{Where(line)}: the error for '{key}' is already defined.");
        }
    }
}

/// <summary>A piece of a scenario file and the line it is on.</summary>
internal readonly record struct Located(string Text, int Line);
