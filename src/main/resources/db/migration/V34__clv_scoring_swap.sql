-- CLV scoring builds a fresh customer_values table (COPY, then indexes) and swaps it in by rename (ADR 0034).
-- Per-row foreign-key checks made the write of 1,000,000 rows take 35–54 s, so the table keeps no foreign keys:
--   fit_id:     recorded once per scoring run in every row, a plain column (fits are never deleted);
--   contact_id: a deleted contact's values are removed by the statement trigger below (what "on delete cascade" did),
--               and the scoring removes, right after its swap, the rows of contacts deleted while it was running.
alter table customer_values drop constraint customer_values_fit_id_fkey;
alter table customer_values drop constraint customer_values_contact_id_fkey;

-- Resolves customer_values by name at each call, so it follows the table the scoring swapped in.
create function customer_values_forget_deleted_contacts() returns trigger language plpgsql as $$
begin
    delete from customer_values v using deleted_contacts d where v.contact_id = d.id;
    return null;
end
$$;

create trigger contacts_forget_customer_values after delete on contacts
    referencing old table as deleted_contacts for each statement
    execute function customer_values_forget_deleted_contacts();
