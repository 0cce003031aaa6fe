namespace Fulcrum.Routing;

/// <summary>One '/'-separated piece of a <see cref="PathTemplate"/>.</summary>
/// <param name="Text">The literal text, or the parameter's name without braces or stars.</param>
internal readonly record struct PathTemplateSegment(PathTemplateSegmentKind Kind, string Text);
