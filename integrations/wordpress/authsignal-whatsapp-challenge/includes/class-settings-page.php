<?php
/**
 * Settings -> Authsignal WhatsApp (manage_options). The secret key is write-only: the page
 * never prints it, only whether one is saved and its last four characters.
 *
 * @package AuthsignalWhatsApp
 */

namespace AuthsignalWhatsApp;

defined( 'ABSPATH' ) || exit;

/**
 * The settings page, on the Settings API (options.php checks the nonce and the capability).
 */
final class Settings_Page {

	public const SLUG  = 'authsignal-whatsapp';
	public const GROUP = 'authsignal_whatsapp';

	/** Hooks. */
	public static function register_hooks(): void {
		add_action( 'admin_menu', array( self::class, 'menu' ) );
		add_action( 'admin_init', array( self::class, 'register_setting' ) );
		add_filter( 'plugin_action_links_' . plugin_basename( AUTHSIGNAL_WHATSAPP_FILE ), array( self::class, 'action_link' ) );
	}

	/** Adds the page under Settings. */
	public static function menu(): void {
		add_options_page(
			__( 'Authsignal WhatsApp', 'authsignal-whatsapp-challenge' ),
			__( 'Authsignal WhatsApp', 'authsignal-whatsapp-challenge' ),
			'manage_options',
			self::SLUG,
			array( self::class, 'render' )
		);
	}

	/**
	 * A "Settings" link on the Plugins screen.
	 *
	 * @param string[] $links Links.
	 * @return string[]
	 */
	public static function action_link( $links ): array {
		$links   = is_array( $links ) ? $links : array();
		$links[] = '<a href="' . esc_url( admin_url( 'options-general.php?page=' . self::SLUG ) ) . '">' . esc_html__( 'Settings', 'authsignal-whatsapp-challenge' ) . '</a>';
		return $links;
	}

	/** Registers the option with its sanitiser. */
	public static function register_setting(): void {
		register_setting(
			self::GROUP,
			Settings::OPTION,
			array(
				'type'              => 'array',
				'sanitize_callback' => array( self::class, 'sanitize' ),
				'default'           => Settings::defaults(),
				'show_in_rest'      => false,
			)
		);
	}

	/**
	 * Cleans what the form posted. An empty secret key field keeps the saved key.
	 *
	 * @param mixed $input Posted values.
	 * @return array<string, mixed>
	 */
	public static function sanitize( $input ): array {
		$input    = is_array( $input ) ? $input : array();
		$current  = Settings::all();
		$settings = Settings::defaults();

		$key                    = isset( $input['secret_key'] ) && is_string( $input['secret_key'] ) ? trim( $input['secret_key'] ) : '';
		$settings['secret_key'] = '' !== $key && ! preg_match( '/[\s]/', $key ) ? $key : (string) $current['secret_key'];
		if ( '' !== $key && preg_match( '/[\s]/', $key ) ) {
			add_settings_error( Settings::OPTION, 'secret_key', __( 'The secret key cannot contain spaces or line breaks: check that it was copied whole. It was not saved.', 'authsignal-whatsapp-challenge' ) );
		}
		if ( ! empty( $input['forget_secret_key'] ) ) {
			$settings['secret_key'] = '';
		}

		$settings['region'] = Validation::region( $input['region'] ?? '' ) ?? 'us';

		$api_url = isset( $input['api_url'] ) && is_string( $input['api_url'] ) ? trim( $input['api_url'] ) : '';
		if ( '' !== $api_url && null === Validation::api_url( $api_url ) ) {
			add_settings_error( Settings::OPTION, 'api_url', __( 'The API URL must start with https:// (or http:// on this computer, for a local simulator), without a query or fragment. It was not saved.', 'authsignal-whatsapp-challenge' ) );
			$api_url = (string) $current['api_url'];
		}
		$settings['api_url'] = '' === $api_url ? '' : (string) Validation::api_url( $api_url );

		$action = Validation::page_action_code( $input['action'] ?? '' );
		if ( null === $action ) {
			add_settings_error( Settings::OPTION, 'action', __( 'The action code may hold letters, digits, "_" and "-", starts with a letter, and cannot be signIn. The previous code was kept.', 'authsignal-whatsapp-challenge' ) );
			$action = Settings::default_action();
		}
		$settings['action'] = $action;

		$settings['login_enabled'] = ! empty( $input['login_enabled'] );
		$roles                     = isset( $input['login_roles'] ) && is_array( $input['login_roles'] ) ? array_map( 'sanitize_key', $input['login_roles'] ) : array();
		$settings['login_roles']   = array_values( array_intersect( $roles, array_keys( wp_roles()->get_names() ) ) );
		if ( $settings['login_enabled'] && array() === $settings['login_roles'] ) {
			add_settings_error( Settings::OPTION, 'login_roles', __( 'Choose at least one role for WhatsApp verification at sign-in. The sign-in settings were not changed.', 'authsignal-whatsapp-challenge' ) );
			$settings['login_enabled'] = ! empty( $current['login_enabled'] );
			$settings['login_roles']   = is_array( $current['login_roles'] ) ? $current['login_roles'] : array();
		}
		$settings['without_phone'] = Settings::WITHOUT_PHONE_BLOCK === ( $input['without_phone'] ?? '' ) ? Settings::WITHOUT_PHONE_BLOCK : Settings::WITHOUT_PHONE_ALLOW;
		// Part B (issue 17): no switching the step on for one's own role without a verified number.
		$settings = Lockout_Guard::refuse_own_lockout( $settings, $current );
		return $settings;
	}

	/** Prints the page. */
	public static function render(): void {
		if ( ! current_user_can( 'manage_options' ) ) {
			return;
		}
		$settings = Settings::all();
		$name     = static fn( string $key ): string => Settings::OPTION . '[' . $key . ']';
		$saved    = (string) $settings['secret_key'];
		?>
		<div class="wrap">
			<h1><?php esc_html_e( 'Authsignal WhatsApp', 'authsignal-whatsapp-challenge' ); ?></h1>
			<?php if ( ! empty( $settings['login_enabled'] ) && ! Settings::is_configured() ) : ?>
				<div class="notice notice-error inline" id="authsignal-no-key-warning"><p><?php esc_html_e( 'WhatsApp verification at sign-in is on, but no secret key is set: the chosen roles cannot sign in until you add one.', 'authsignal-whatsapp-challenge' ); ?></p></div>
			<?php endif; ?>
			<?php Lockout_Guard::render_notices(); ?>
			<p><?php esc_html_e( 'Verify people with a one-time code sent over WhatsApp. Put the shortcode [authsignal_whatsapp_challenge] or the "WhatsApp verification" block on a page, or ask for a code at sign-in below.', 'authsignal-whatsapp-challenge' ); ?></p>
			<form method="post" action="options.php" autocomplete="off">
				<?php settings_fields( self::GROUP ); ?>
				<h2><?php esc_html_e( 'Authsignal', 'authsignal-whatsapp-challenge' ); ?></h2>
				<table class="form-table" role="presentation">
					<tr>
						<th scope="row"><label for="authsignal-secret-key"><?php esc_html_e( 'Secret key', 'authsignal-whatsapp-challenge' ); ?></label></th>
						<td>
							<?php if ( Settings::secret_key_from_constant() ) : ?>
								<p id="authsignal-secret-key-status"><?php esc_html_e( 'Set in wp-config.php (AUTHSIGNAL_SECRET_KEY), which overrides this page.', 'authsignal-whatsapp-challenge' ); ?></p>
							<?php else : ?>
								<input type="password" id="authsignal-secret-key" name="<?php echo esc_attr( $name( 'secret_key' ) ); ?>" value="" class="regular-text" autocomplete="new-password" spellcheck="false" aria-describedby="authsignal-secret-key-status" />
								<p class="description" id="authsignal-secret-key-status">
									<?php
									if ( '' !== $saved ) {
										/* translators: %s: the last four characters of the saved key. */
										echo esc_html( sprintf( __( 'A key is saved (ending in %s). Leave the field empty to keep it.', 'authsignal-whatsapp-challenge' ), substr( $saved, -4 ) ) );
									} else {
										esc_html_e( 'No key is saved yet. Find it in the Authsignal Portal under Settings > API keys.', 'authsignal-whatsapp-challenge' );
									}
									?>
								</p>
								<?php if ( '' !== $saved ) : ?>
									<label><input type="checkbox" name="<?php echo esc_attr( $name( 'forget_secret_key' ) ); ?>" value="1" /> <?php esc_html_e( 'Remove the saved key', 'authsignal-whatsapp-challenge' ); ?></label>
								<?php endif; ?>
							<?php endif; ?>
						</td>
					</tr>
					<tr>
						<th scope="row"><label for="authsignal-region"><?php esc_html_e( 'Region', 'authsignal-whatsapp-challenge' ); ?></label></th>
						<td>
							<select id="authsignal-region" name="<?php echo esc_attr( $name( 'region' ) ); ?>">
								<?php foreach ( array_keys( Settings::REGION_API_URLS ) as $region ) : ?>
									<option value="<?php echo esc_attr( $region ); ?>" <?php selected( $settings['region'], $region ); ?>><?php echo esc_html( strtoupper( $region ) ); ?></option>
								<?php endforeach; ?>
							</select>
						</td>
					</tr>
					<tr>
						<th scope="row"><label for="authsignal-api-url"><?php esc_html_e( 'Custom API URL', 'authsignal-whatsapp-challenge' ); ?></label></th>
						<td>
							<?php if ( Settings::api_url_from_constant() ) : ?>
								<p id="authsignal-api-url-status"><?php echo esc_html( sprintf( /* translators: %s: URL. */ __( 'Set in wp-config.php (AUTHSIGNAL_API_URL): %s', 'authsignal-whatsapp-challenge' ), Settings::api_url() ) ); ?></p>
							<?php elseif ( ! Settings::custom_api_url_applies() ) : ?>
								<p id="authsignal-api-url-status"><?php esc_html_e( 'Not used: the secret key comes from wp-config.php, so it goes only to the region above or to AUTHSIGNAL_API_URL in wp-config.php.', 'authsignal-whatsapp-challenge' ); ?></p>
							<?php else : ?>
								<input type="url" id="authsignal-api-url" name="<?php echo esc_attr( $name( 'api_url' ) ); ?>" value="<?php echo esc_attr( (string) $settings['api_url'] ); ?>" class="regular-text code" placeholder="https://api.authsignal.com/v1" />
								<p class="description"><?php esc_html_e( 'Optional: replaces the region (a proxy or custom domain). The Server API URL, ending in /v1.', 'authsignal-whatsapp-challenge' ); ?></p>
							<?php endif; ?>
						</td>
					</tr>
					<tr>
						<th scope="row"><label for="authsignal-action"><?php esc_html_e( 'Action code', 'authsignal-whatsapp-challenge' ); ?></label></th>
						<td>
							<input type="text" id="authsignal-action" name="<?php echo esc_attr( $name( 'action' ) ); ?>" value="<?php echo esc_attr( (string) $settings['action'] ); ?>" class="regular-text code" />
							<p class="description"><?php esc_html_e( 'Used by the shortcode and the block unless they name another.', 'authsignal-whatsapp-challenge' ); ?></p>
						</td>
					</tr>
				</table>
				<h2><?php esc_html_e( 'Sign-in', 'authsignal-whatsapp-challenge' ); ?></h2>
				<table class="form-table" role="presentation">
					<tr>
						<th scope="row"><?php esc_html_e( 'Two-step sign-in', 'authsignal-whatsapp-challenge' ); ?></th>
						<td><label><input type="checkbox" id="authsignal-login-enabled" name="<?php echo esc_attr( $name( 'login_enabled' ) ); ?>" value="1" <?php checked( ! empty( $settings['login_enabled'] ) ); ?> /> <?php esc_html_e( 'Require WhatsApp verification at sign-in', 'authsignal-whatsapp-challenge' ); ?></label></td>
					</tr>
					<tr>
						<th scope="row"><?php esc_html_e( 'For these roles', 'authsignal-whatsapp-challenge' ); ?></th>
						<td>
							<fieldset>
								<?php foreach ( wp_roles()->get_names() as $role => $label ) : ?>
									<label><input type="checkbox" name="<?php echo esc_attr( $name( 'login_roles' ) ); ?>[]" value="<?php echo esc_attr( $role ); ?>" <?php checked( in_array( $role, (array) $settings['login_roles'], true ) ); ?> /> <?php echo esc_html( translate_user_role( $label ) ); ?></label><br />
								<?php endforeach; ?>
							</fieldset>
						</td>
					</tr>
					<tr>
						<th scope="row"><?php esc_html_e( 'People without a WhatsApp number', 'authsignal-whatsapp-challenge' ); ?></th>
						<td>
							<fieldset>
								<label><input type="radio" name="<?php echo esc_attr( $name( 'without_phone' ) ); ?>" value="allow" <?php checked( Settings::WITHOUT_PHONE_ALLOW, $settings['without_phone'] ); ?> /> <?php esc_html_e( 'Let them in and ask them to add one', 'authsignal-whatsapp-challenge' ); ?></label><br />
								<label><input type="radio" name="<?php echo esc_attr( $name( 'without_phone' ) ); ?>" value="block" <?php checked( Settings::WITHOUT_PHONE_BLOCK, $settings['without_phone'] ); ?> /> <?php esc_html_e( 'Refuse the sign-in', 'authsignal-whatsapp-challenge' ); ?></label>
							</fieldset>
							<p class="description"><?php esc_html_e( 'XML-RPC and the REST API: application passwords keep working; the account password alone is refused for these roles.', 'authsignal-whatsapp-challenge' ); ?></p>
						</td>
					</tr>
				</table>
				<?php submit_button(); ?>
			</form>
			<?php Number_Log::render(); ?>
		</div>
		<?php
	}
}
