package dev.serverlessmysql.samples.recipes.mybatis;

import org.apache.ibatis.annotations.Insert;
import org.apache.ibatis.annotations.Mapper;
import org.apache.ibatis.annotations.Select;

/** A MyBatis mapper, one statement of it per database. */
@Mapper
public interface Notes {

    @Insert("INSERT INTO note (customer, body) VALUES (#{customer}, #{body})")
    int add(String customer, String body);

    @Select("SELECT COUNT(*) FROM note WHERE customer = #{customer}")
    long count(String customer);

    /** Which statement MyBatis chose: the one for the configured databaseId, else the generic one. */
    @Select(value = "SELECT 'mysql'", databaseId = "mysql")
    @Select("SELECT 'generic'")
    String statementFor();
}
