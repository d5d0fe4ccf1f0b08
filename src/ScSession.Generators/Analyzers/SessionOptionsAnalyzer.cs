using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace ScSession.Generators.Analyzers;

/// <summary>
/// Unsafe <c>ScSessionOptions</c>: hard-coded secret keys (SCSN0102) and weakened session cookies (SCSN0103).
/// Works on operations, so object initializers, lambdas (<c>AddScSession(o =&gt; ...)</c>,
/// <c>Configure&lt;ScSessionOptions&gt;(...)</c>) and plain statements are all seen the same way.
/// </summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class SessionOptionsAnalyzer : DiagnosticAnalyzer
{
    private const string SecretKey = "SecretKey";
    private const string PreviousSecretKeys = "PreviousSecretKeys";
    private const string Cookie = "Cookie";

    /// <inheritdoc />
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } =
        ImmutableArray.Create(DiagnosticDescriptors.HardCodedSecretKey, DiagnosticDescriptors.InsecureCookie);

    /// <inheritdoc />
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var options = start.Compilation.GetTypeByMetadataName(TypeNames.ScSessionOptions);
            if (options is null)
            {
                return;
            }

            var cookieBuilder = start.Compilation.GetTypeByMetadataName(TypeNames.CookieBuilder);
            start.RegisterOperationAction(c => AnalyzeAssignment(c, options, cookieBuilder), OperationKind.SimpleAssignment);
            start.RegisterOperationAction(c => AnalyzeInvocation(c, options), OperationKind.Invocation);
        });
    }

    private static void AnalyzeAssignment(OperationAnalysisContext context, INamedTypeSymbol options, INamedTypeSymbol? cookieBuilder)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is not IPropertyReferenceOperation target)
        {
            return;
        }

        var property = target.Property;
        if (IsOptionsMember(property, options, SecretKey))
        {
            if (IsHardCoded(assignment.Value))
            {
                context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.HardCodedSecretKey, assignment.Value.Syntax.GetLocation(), SecretKey));
            }

            return;
        }

        if (cookieBuilder is null || !SymbolEqualityComparer.Default.Equals(property.ContainingType, cookieBuilder)
            || !IsSessionCookie(target.Instance, assignment, options))
        {
            return;
        }

        var value = Unwrap(assignment.Value).ConstantValue;
        if (property.Name == "HttpOnly" && value is { HasValue: true, Value: false })
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.InsecureCookie,
                assignment.Syntax.GetLocation(),
                "Cookie.HttpOnly = false",
                "lets scripts read the session cookie, so any XSS flaw can steal the session: remove the assignment (HttpOnly is the default)"));
        }
        else if (property.Name == "SecurePolicy" && value is { HasValue: true, Value: int policy }
                 && property.Type is INamedTypeSymbol policyType
                 && policyType.GetMembers().OfType<IFieldSymbol>().FirstOrDefault(f => f.HasConstantValue && Equals(f.ConstantValue, policy)) is { Name: "None" or "SameAsRequest" } field
                 && !IsInsideDevelopmentCheck(assignment.Syntax))
        {
            context.ReportDiagnostic(Diagnostic.Create(
                DiagnosticDescriptors.InsecureCookie,
                assignment.Syntax.GetLocation(),
                "Cookie.SecurePolicy = CookieSecurePolicy." + field.Name,
                "lets the session cookie travel over plain HTTP: keep CookieSecurePolicy.Always (the default), or relax it only inside an IsDevelopment() check"));
        }
    }

    private static void AnalyzeInvocation(OperationAnalysisContext context, INamedTypeSymbol options)
    {
        var invocation = (IInvocationOperation)context.Operation;
        if (invocation.TargetMethod.Name != "Add" || invocation.Arguments.Length != 1)
        {
            return;
        }

        var collection = invocation.Instance switch
        {
            IPropertyReferenceOperation reference => reference.Property,
            IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver } =>
                (FindInitializedMember(invocation) as IPropertyReferenceOperation)?.Property,
            _ => null,
        };

        if (collection is not null && IsOptionsMember(collection, options, PreviousSecretKeys) && IsHardCoded(invocation.Arguments[0].Value))
        {
            context.ReportDiagnostic(Diagnostic.Create(DiagnosticDescriptors.HardCodedSecretKey, invocation.Arguments[0].Value.Syntax.GetLocation(), PreviousSecretKeys));
        }
    }

    private static bool IsOptionsMember(IPropertySymbol property, INamedTypeSymbol options, string name)
        => property.Name == name && SymbolEqualityComparer.Default.Equals(property.ContainingType, options);

    /// <summary>A string constant: a literal, a <c>const</c>, a constant interpolated string or a concatenation of those.</summary>
    private static bool IsHardCoded(IOperation value)
        => Unwrap(value).ConstantValue is { HasValue: true, Value: string };

    private static IOperation Unwrap(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary>The cookie builder being changed is <c>ScSessionOptions.Cookie</c> (directly or through an initializer).</summary>
    private static bool IsSessionCookie(IOperation? instance, IOperation assignment, INamedTypeSymbol options)
    {
        switch (instance)
        {
            case IPropertyReferenceOperation reference:
                return IsOptionsMember(reference.Property, options, Cookie);
            case IInstanceReferenceOperation { ReferenceKind: InstanceReferenceKind.ImplicitReceiver }:
                // Cookie = { SecurePolicy = ... } inside new ScSessionOptions { ... }
                if (FindInitializedMember(assignment) is IPropertyReferenceOperation member)
                {
                    return IsOptionsMember(member.Property, options, Cookie);
                }

                // o.Cookie = new CookieBuilder { SecurePolicy = ... }
                for (var parent = assignment.Parent; parent is not null; parent = parent.Parent)
                {
                    if (parent is IObjectCreationOperation creation)
                    {
                        var outer = creation.Parent;
                        while (outer is IConversionOperation)
                        {
                            outer = outer.Parent;
                        }

                        return outer is ISimpleAssignmentOperation { Target: IPropertyReferenceOperation target }
                               && IsOptionsMember(target.Property, options, Cookie);
                    }
                }

                return false;
            default:
                return false;
        }
    }

    /// <summary>For an operation inside <c>Member = { ... }</c>, the member; otherwise null.</summary>
    private static IOperation? FindInitializedMember(IOperation operation)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            switch (parent)
            {
                case IMemberInitializerOperation member:
                    return member.InitializedMember;
                case IObjectCreationOperation or IAnonymousFunctionOperation or IBlockOperation:
                    return null;
            }
        }

        return null;
    }

    /// <summary>
    /// Inside the development branch of <c>if (env.IsDevelopment())</c> / <c>if (!env.IsDevelopment()) ... else</c>,
    /// or of a <c>?:</c> on the same condition.
    /// </summary>
    private static bool IsInsideDevelopmentCheck(SyntaxNode node)
    {
        for (var child = node; child.Parent is { } parent; child = parent)
        {
            switch (parent)
            {
                case IfStatementSyntax ifStatement when DevelopmentPolarity(ifStatement.Condition) is { } positive:
                    if ((positive && child == ifStatement.Statement) || (!positive && child == ifStatement.Else))
                    {
                        return true;
                    }

                    break;
                case ConditionalExpressionSyntax conditional when DevelopmentPolarity(conditional.Condition) is { } positive:
                    if ((positive && child == conditional.WhenTrue) || (!positive && child == conditional.WhenFalse))
                    {
                        return true;
                    }

                    break;
            }
        }

        return false;
    }

    /// <summary>True for a condition that calls <c>IsDevelopment()</c>, false for <c>!IsDevelopment()</c>, null without it.</summary>
    private static bool? DevelopmentPolarity(ExpressionSyntax condition)
    {
        foreach (var invocation in condition.DescendantNodesAndSelf().OfType<InvocationExpressionSyntax>())
        {
            var name = invocation.Expression switch
            {
                MemberAccessExpressionSyntax access => access.Name.Identifier.ValueText,
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                _ => null,
            };
            if (name != "IsDevelopment")
            {
                continue;
            }

            SyntaxNode outer = invocation;
            while (outer.Parent is ParenthesizedExpressionSyntax)
            {
                outer = outer.Parent;
            }

            return !(outer.Parent is PrefixUnaryExpressionSyntax unary && unary.IsKind(SyntaxKind.LogicalNotExpression));
        }

        return null;
    }
}
