-- "@gmx.de" or "acme.com" in the search box: contacts whose primary e-mail's domain starts with it.
create index contacts_email_domain_prefix_idx on contacts (split_part(emails[1], '@', 2) text_pattern_ops);
