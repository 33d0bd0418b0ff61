package dev.serverlessmysql;

import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.lang.reflect.WildcardType;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Writes the delegating classes of the lease ({@code LeasedConnection}, {@code LeasedStatement},
 * {@code LeasedPreparedStatement}, {@code LeasedCallableStatement}, {@code LeasedResultSet},
 * {@code LeasedMetaData}) from the {@code java.sql} interfaces of the running JDK: one method for
 * every interface method (default methods included) that the hand-written base class does not
 * implement, which fails with 08003 once the lease is back, delegates to the driver's object and
 * reports a failure to the lease. Result sets (and anything a {@code getObject} answers) coming
 * out of statements and metadata are wrapped.
 *
 * <p>The classes are committed, so that they read, debug and review as any source, and the build
 * needs no generation step; {@code LeaseDelegatesTest} fails when they differ from what this
 * writes (a new JDK with new JDBC methods, a change of a base class) and says how to regenerate.
 */
final class LeaseDelegatesGenerator {

    /** One generated class. */
    record Spec(String name, Class<?> type, Class<?> handWritten, Class<?> generatedParent, String superclass,
            boolean wrapsResults, boolean isFinal, String constructorParameters, String superCall, boolean repointable) {
    }

    static final List<Spec> SPECS = List.of(
            new Spec("LeasedConnection", Connection.class, LeasedConnectionBase.class, null, "LeasedConnectionBase",
                    false, true, "Lease lease, Connection delegate", "super(lease, delegate)", true),
            new Spec("LeasedStatement", Statement.class, LeaseChild.class, null, "LeaseChild",
                    true, false, "Lease lease, Statement delegate", "super(lease, delegate, null)", true),
            new Spec("LeasedPreparedStatement", PreparedStatement.class, LeaseChild.class, Statement.class,
                    "LeasedStatement", true, false, "Lease lease, PreparedStatement delegate", "super(lease, delegate)", false),
            new Spec("LeasedCallableStatement", CallableStatement.class, LeaseChild.class, PreparedStatement.class,
                    "LeasedPreparedStatement", true, true, "Lease lease, CallableStatement delegate",
                    "super(lease, delegate)", false),
            new Spec("LeasedResultSet", ResultSet.class, LeasedResultSetBase.class, null, "LeasedResultSetBase",
                    false, true, "Lease lease, ResultSet delegate, LeaseChild parent", "super(lease, delegate, parent)", false),
            new Spec("LeasedMetaData", DatabaseMetaData.class, LeaseChild.class, null, "LeaseChild",
                    true, true, "Lease lease, DatabaseMetaData delegate", "super(lease, delegate, null)", false));

    /** Statement methods whose first argument is SQL text: the lease reads it before it runs. */
    private static final Set<String> RUNS_SQL = Set.of("execute", "executeQuery", "executeUpdate", "executeLargeUpdate",
            "addBatch");
    /** Types a generated method may not answer unwrapped: the base class must implement such a method by hand. */
    private static final Set<Class<?>> LEAD_BACK = Set.of(Connection.class, Statement.class, PreparedStatement.class,
            CallableStatement.class, DatabaseMetaData.class);

    static final String REGENERATE = "./mvnw -B -o -pl serverless-mysql-core test -Dtest=LeaseDelegatesTest"
            + " -Dlease.delegates.write=true";

    private LeaseDelegatesGenerator() {
    }

    /** The interface methods the class must delegate: not implemented by the base, not by the generated parent. */
    static List<Method> delegated(Spec spec) {
        Map<String, Method> bySignature = new LinkedHashMap<>();
        for (Method method : spec.type().getMethods()) {
            if (Modifier.isStatic(method.getModifiers())) {
                continue;
            }
            String signature = signature(method);
            if (implementedBy(spec.handWritten(), method)
                    || spec.generatedParent() != null && hasMethod(spec.generatedParent(), method)) {
                continue;
            }
            bySignature.putIfAbsent(signature, method);
        }
        List<Method> methods = new ArrayList<>(bySignature.values());
        methods.sort(Comparator.comparing(LeaseDelegatesGenerator::signature));
        return methods;
    }

    static String signature(Method method) {
        return method.getName() + Arrays.stream(method.getParameterTypes()).map(Class::getTypeName)
                .collect(Collectors.joining(",", "(", ")"));
    }

    /** Whether a concrete method of the class (or a superclass) implements it. */
    static boolean implementedBy(Class<?> type, Method method) {
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            try {
                Method declared = c.getDeclaredMethod(method.getName(), method.getParameterTypes());
                if (!Modifier.isAbstract(declared.getModifiers()) && Modifier.isPublic(declared.getModifiers())) {
                    return true;
                }
            } catch (NoSuchMethodException e) {
                // Look further up.
            }
        }
        return false;
    }

    private static boolean hasMethod(Class<?> type, Method method) {
        try {
            type.getMethod(method.getName(), method.getParameterTypes());
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    /** The source of one class. */
    static String generate(Spec spec) {
        Set<String> imports = new TreeSet<>();
        imports.add(spec.type().getName());
        imports.add(SQLException.class.getName());
        List<String> lines = new ArrayList<>();
        for (Method method : delegated(spec)) {
            lines.add(method(spec, method, imports));
        }
        if (spec.constructorParameters().contains("Connection ")) {
            imports.add(Connection.class.getName());
        }
        StringBuilder out = new StringBuilder();
        out.append("package dev.serverlessmysql;\n\n");
        for (String name : imports) {
            out.append("import ").append(name).append(";\n");
        }
        out.append("\n/**\n")
                .append(" * Generated from {@link ").append(spec.type().getSimpleName())
                .append("} by {@code LeaseDelegatesGenerator} (test sources): do not edit.\n")
                .append(" * {@code LeaseDelegatesTest} fails when this differs from what the generator writes; regenerate\n")
                .append(" * with {@code ").append(REGENERATE).append("}.\n")
                .append(" *\n")
                .append(" * <p>Every method the hand-written {@code ").append(spec.superclass())
                .append("} does not implement: fails with\n")
                .append(" * SQLState 08003 once the lease is back, delegates, and reports a failure to the lease (a broken\n")
                .append(" * connection is not reused)")
                .append(spec.wrapsResults() ? "; a result set (or what {@code getObject} answers) is wrapped.\n" : ".\n")
                .append(" * One method a line: they differ only in their signature.\n")
                .append(" */\n")
                .append(spec.isFinal() ? "final " : "").append("class ").append(spec.name()).append(" extends ")
                .append(spec.superclass()).append(" implements ").append(spec.type().getSimpleName()).append(" {\n\n")
                .append("    private ").append(spec.repointable() ? "" : "final ").append(spec.type().getSimpleName())
                .append(" delegate;\n\n")
                .append("    ").append(spec.name()).append("(").append(spec.constructorParameters()).append(") {\n")
                .append("        ").append(spec.superCall()).append(";\n")
                .append("        this.delegate = delegate;\n")
                .append("    }\n\n");
        if (spec.repointable()) {
            out.append("    /** The same wrapper on another driver object: a thawed connection its first call found dead ({@code Lease}). */\n")
                    .append("    void repoint(").append(spec.type().getSimpleName()).append(" fresh) {\n")
                    .append("        retarget(fresh);\n")
                    .append("        this.delegate = fresh;\n")
                    .append("    }\n\n");
        }
        for (String line : lines) {
            out.append("    ").append(line).append("\n");
        }
        out.append("}\n");
        return out.toString();
    }

    private static String method(Spec spec, Method method, Set<String> imports) {
        boolean unchecked = method.getExceptionTypes().length == 0;
        if (!unchecked && !Arrays.equals(method.getExceptionTypes(), new Class<?>[] {SQLException.class})) {
            throw new IllegalStateException(spec.name() + ": " + method + " does not declare exactly SQLException;"
                    + " implement it by hand in " + spec.superclass());
        }
        Class<?> returns = method.getReturnType();
        if (LEAD_BACK.contains(returns) || !spec.wrapsResults() && returns == ResultSet.class) {
            throw new IllegalStateException(spec.name() + ": " + method + " answers a JDBC object that must lead back"
                    + " to the lease; implement it by hand in " + spec.superclass());
        }
        StringBuilder line = new StringBuilder("@Override public ");
        TypeVariable<Method>[] typeParameters = method.getTypeParameters();
        if (typeParameters.length > 0) {
            line.append(Arrays.stream(typeParameters).map(v -> render(v, imports)).collect(Collectors.joining(", ", "<", "> ")));
        }
        line.append(render(method.getGenericReturnType(), imports)).append(' ').append(method.getName()).append('(');
        Type[] parameters = method.getGenericParameterTypes();
        List<String> arguments = new ArrayList<>();
        for (int i = 0; i < parameters.length; i++) {
            String argument = "p" + i;
            line.append(i == 0 ? "" : ", ").append(render(parameters[i], imports)).append(' ').append(argument);
            arguments.add(argument);
        }
        String call = "delegate." + method.getName() + "(" + String.join(", ", arguments) + ")";
        boolean runsSql = RUNS_SQL.contains(method.getName()) && parameters.length > 0 && parameters[0] == String.class;
        if (unchecked) {
            // A local answer (DatabaseMetaData's driver version) that declares no SQLException.
            return line.append(") { checkUnchecked(); ").append(returns == void.class ? "" : "return ").append(call)
                    .append("; }").toString();
        }
        line.append(") throws SQLException { ").append(runsSql ? "check(p0);" : "check();").append(" try { ");
        if (returns == void.class) {
            line.append(call).append(';');
        } else if (spec.wrapsResults() && returns == ResultSet.class) {
            line.append("return result(").append(call).append(");");
        } else if (spec.wrapsResults() && (returns == Object.class || method.getGenericReturnType() instanceof TypeVariable)) {
            line.append("return wrapped(").append(call).append(");");
        } else {
            line.append("return ").append(call).append(';');
        }
        line.append(" } catch (SQLException e) { throw failed(e); } }");
        return line.toString();
    }

    private static String render(Type type, Set<String> imports) {
        if (type instanceof Class<?> c) {
            if (c.isArray()) {
                return render(c.getComponentType(), imports) + "[]";
            }
            if (!c.isPrimitive() && !c.getPackageName().equals("java.lang")) {
                imports.add(c.getName());
            }
            return c.getSimpleName();
        }
        if (type instanceof ParameterizedType p) {
            return render(p.getRawType(), imports) + Arrays.stream(p.getActualTypeArguments())
                    .map(t -> render(t, imports)).collect(Collectors.joining(", ", "<", ">"));
        }
        if (type instanceof WildcardType w) {
            if (w.getLowerBounds().length > 0) {
                return "? super " + render(w.getLowerBounds()[0], imports);
            }
            Type upper = w.getUpperBounds()[0];
            return upper == Object.class ? "?" : "? extends " + render(upper, imports);
        }
        if (type instanceof GenericArrayType a) {
            return render(a.getGenericComponentType(), imports) + "[]";
        }
        if (type instanceof TypeVariable<?> v) {
            return v.getName(); // java.sql's type variables are unbounded
        }
        throw new IllegalArgumentException("Unexpected type " + type);
    }

    /** Regenerates the committed classes under {@code src/main/java} of the module in {@code args[0]} (default "."). */
    public static void main(String[] args) throws Exception {
        java.nio.file.Path folder = java.nio.file.Path.of(args.length > 0 ? args[0] : ".", "src/main/java/dev/serverlessmysql");
        for (Spec spec : SPECS) {
            java.nio.file.Files.writeString(folder.resolve(spec.name() + ".java"), generate(spec));
        }
    }
}
